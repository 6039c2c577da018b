"""GRU4Rec (Hidasi et al., ICLR 2016) as implemented in DROS (``GRU``): item embedding -> GRU -> the
hidden state after the last real item -> output layer ``s_fc``.

    emb   = dropout(item_emb(history))        [B, L, H]
    out   = GRU(emb)                          [B, L, H]
    state = out[last real position]           [B, H]

Deviations from DROS:
* DROS packs the padded batch (``pack_padded_sequence``); we run the GRU over the right-padded
  sequence and take the output at the last real position, which is the same value (the GRU is
  causal) and exports to ONNX without packing.
* An embedding dropout (``dropout``) is added; DROS' GRU has none. Set it to 0 to match DROS.
* Scores are gathered for the candidates (see ``base.py``).
* Training (train.py / config.yaml): embeddings start at N(0, 0.05^2) (DROS: N(0, 1)), lr 3e-3
  (DROS: 1e-3), L2 chosen on validation; see models/README.md.
"""
import torch.nn as nn

from base import SequentialRecommender


class GRU4Rec(SequentialRecommender):
    """history int64[B, L] -> state float[B, H]."""

    def __init__(self, item_count, max_history=10, hidden=64, dropout=0.1, layers=1, **_):
        super().__init__(item_count, max_history, hidden)
        self.item_embeddings = nn.Embedding(item_count + 1, hidden)
        self.emb_dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(hidden, hidden, num_layers=layers, batch_first=True)

    def encode(self, history):
        """history int64[B, L] -> float[B, H]."""
        emb = self.emb_dropout(self.item_embeddings(history))
        # explicit zero initial state sized from the batch, so the exported GRU has a dynamic B
        h0 = emb.new_zeros((self.gru.num_layers, emb.size(0), self.gru.hidden_size))
        out, _ = self.gru(emb, h0)
        return self.gather_last(out, history)
