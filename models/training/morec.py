"""MoRec-style SASRec: SASRec (sasrec.py) whose item representation adds a learned projection of frozen text
features of the item title to the ID embedding, after MoRec (Yuan et al., "Where to Go Next for Recommender
Systems? ID- vs. Modality-based Recommender Models Revisited", SIGIR 2023)::

    f_i   = title embedding of item i, frozen                      float[T]  (all-MiniLM-L6-v2: T = 384, unit length)
    e_i   = item_embeddings[i] + text_in(f_i)                      float[H]  (the encoder's input, as SASRec's)
    w_i   = s_fc.weight[i]     + text_out(f_i)                     float[H]  (the output layer row)
    state = SASRec encoder over e_history                          float[B, H]
    score = state . w_c + s_fc.bias[c]                             float[B, C]

``text_in`` and ``text_out`` are ``nn.Linear(T, H, bias=False)``; the pad row of the features is zero, so the
pad item's representation is its ID embedding alone. The features come from the Java side
(``./afl export-training-data --item-text-features``: ``item-text-features.npy`` [N, T] in model-index order).

Deviations from MoRec:
* MoRec replaces the ID embedding by the modality encoder and fine-tunes that encoder (BERT) end to end; here the
  text encoder is frozen (features computed once, in Java) and the ID embedding is kept, as the issue asks: the
  text can only add to SASRec, and training costs what SASRec's does.
* The text enters both the input representation and the output layer (MoRec ties the two; DROS' SASRec, which
  this extends, has a separate output layer ``s_fc``), so that the title also shapes how candidates are scored.
* Export: in eval mode both projections are linear in constants, so ``folded()`` adds ``text_in(F)`` and
  ``text_out(F)`` into the ID tables and returns a plain SASRec computing the same scores. The frozen features
  thus reach the ONNX graph as those two [N, H] constants (not as F [N, T] plus projections: 6x smaller), and the
  graph, its signature and its cost are SASRec's. ``train.py`` checks the folding on the validation candidates.
"""
import torch
import torch.nn as nn

from sasrec import SASRec


class MoRec(SASRec):
    """history int64[B, L] -> state float[B, H]; item representations text-aware; see the module docstring."""

    needs_text_features = True

    def __init__(self, item_count, max_history=10, hidden=64, dropout=0.1, blocks=1, heads=1, text_features=None, **_):
        super().__init__(item_count, max_history, hidden, dropout, blocks, heads)
        if text_features is None or tuple(text_features.shape[:1]) != (item_count,):
            raise ValueError(f"morec needs text_features float[{item_count}, T], got "
                             f"{None if text_features is None else tuple(text_features.shape)}")
        self.shape = dict(hidden=hidden, dropout=dropout, blocks=blocks, heads=heads)
        features = torch.as_tensor(text_features, dtype=torch.float32)
        pad_row = torch.zeros(1, features.size(1))
        self.register_buffer("text_features", torch.cat([features, pad_row]), persistent=False)  # [N + 1, T]
        self.text_in = nn.Linear(features.size(1), hidden, bias=False)
        self.text_out = nn.Linear(features.size(1), hidden, bias=False)

    def embed_items(self, history):
        """history int64[B, L] -> float[B, L, H]: ID embedding + projected title features."""
        return self.item_embeddings(history) + self.text_in(self.text_features[history])

    def score(self, state, items):
        """state float[B, H], items int64[B, C] -> float[B, C] with text-aware output rows."""
        w = self.s_fc.weight[items] + self.text_out(self.text_features[items])   # [B, C, H]
        b = self.s_fc.bias[items]                                                  # [B, C]
        return (w * state.unsqueeze(1)).sum(-1) + b

    def all_scores(self, history):
        """history int64[B, L] -> float[B, N] over all items."""
        w = self.s_fc.weight + self.text_out(self.text_features[:self.item_count])  # [N, H]
        return self.encode(history) @ w.t() + self.s_fc.bias

    @torch.no_grad()
    def folded(self):
        """-> a SASRec with the projected features added into its ID tables: the same scores in eval mode."""
        plain = SASRec(self.item_count, self.max_history, **self.shape)
        own = {k: v for k, v in self.state_dict().items() if not k.startswith(("text_in.", "text_out."))}
        plain.load_state_dict(own)
        plain.item_embeddings.weight += self.text_in(self.text_features)
        plain.s_fc.weight += self.text_out(self.text_features[:self.item_count])
        return plain.eval()
