"""SASRec (Kang & McAuley, ICDM 2018) as implemented in DROS (Yang et al., SIGIR 2023), the code the
AFL and LLaRA authors trained their base models with (``SASRecModules_ori.py`` + ``SASRec`` in DROS).

Per block, exactly as DROS' single block::

    seq   = (item_emb(history) + pos_emb) -> dropout, zeroed at padding         [B, L, H]
    attn  = softmax(Q(ln_1(seq)) K(seq)^T / sqrt(H), causal + key mask) V(seq)  [B, L, H]
    x     = attn * query_mask + ln_1(seq)        (residual on the normalised queries, as DROS)
    seq   = ln_ff(dropout(W2 relu(W1 ln_2(x))) + ln_2(x)) * padding_mask        [B, L, H]
    state = ln_3(seq)[last real position]                                        [B, H]

Deviations from DROS, none of which changes the function computed for ``blocks=1``:
* ``blocks`` may be > 1 (DROS has one block); each block has its own ln_1/ln_2/attention/FFN.
* The attention is written with the padding mask from the ids, not DROS' "sum of the key vector is
  zero" test; masked logits get a finite -1e9 (DROS: -2**32+1), so no NaN, also for all-pad rows.
* The FFN uses ``nn.Linear`` instead of ``Conv1d(kernel_size=1)`` (same weights, squeezed).
* Multi-head splitting follows DROS (scale by sqrt(H), not sqrt(H/heads)).
* Scores are gathered for the candidates (see ``base.py``) instead of ``s_fc`` over all items.
* Training (train.py / config.yaml): embeddings start at N(0, 0.05^2) (DROS: N(0, 1)), lr 3e-3
  (DROS: 1e-3), L2 chosen on validation; see models/README.md.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from base import SequentialRecommender

NEG = -1e9  # finite mask value: softmax stays finite even when every key is masked


class SelfAttention(nn.Module):
    """DROS ``MultiHeadAttention``: q/k/v projections, causal + key padding mask, query masking."""

    def __init__(self, hidden: int, heads: int, dropout: float):
        super().__init__()
        self.hidden, self.heads = hidden, heads
        self.linear_q = nn.Linear(hidden, hidden)
        self.linear_k = nn.Linear(hidden, hidden)
        self.linear_v = nn.Linear(hidden, hidden)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, mask, causal):
        """queries, keys float[B, L, H]; mask float[B, L, 1] (1 = real); causal bool[L, L] -> float[B, L, H] (with
        residual)."""
        if self.heads == 1:
            # One head (the paper's setting): no head axis, so the exported graph carries no shape arithmetic.
            q, k, v = self.linear_q(queries), self.linear_k(keys), self.linear_v(keys)      # [B, L, H]
            logits = torch.matmul(q, k.transpose(1, 2)) / (self.hidden ** 0.5)              # [B, L, L]
            key_ok = mask.transpose(1, 2) > 0                                               # [B, 1, L]
            logits = torch.where(key_ok & causal, logits, torch.tensor(NEG, dtype=logits.dtype))
            weights = torch.softmax(logits, dim=-1) * mask                                  # query masking
            return torch.matmul(self.dropout(weights), v) + queries
        B, L, H = queries.shape
        d = H // self.heads
        q = self.linear_q(queries).view(B, L, self.heads, d).transpose(1, 2)  # [B, h, L, d]
        k = self.linear_k(keys).view(B, L, self.heads, d).transpose(1, 2)
        v = self.linear_v(keys).view(B, L, self.heads, d).transpose(1, 2)
        logits = torch.matmul(q, k.transpose(2, 3)) / (self.hidden ** 0.5)  # [B, h, L, L]
        key_ok = mask.transpose(1, 2).unsqueeze(1) > 0                       # [B, 1, 1, L]
        allowed = key_ok & causal.view(1, 1, L, L)
        logits = torch.where(allowed, logits, torch.full_like(logits, NEG))
        weights = torch.softmax(logits, dim=-1) * mask.unsqueeze(1)          # query masking
        out = torch.matmul(self.dropout(weights), v)                          # [B, h, L, d]
        out = out.transpose(1, 2).reshape(B, L, H)
        return out + queries


class FeedForward(nn.Module):
    """DROS ``PositionwiseFeedForward``: two position-wise layers, dropout, residual, LayerNorm."""

    def __init__(self, hidden: int, dropout: float):
        super().__init__()
        self.w_1 = nn.Linear(hidden, hidden)
        self.w_2 = nn.Linear(hidden, hidden)
        self.layer_norm = nn.LayerNorm(hidden)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        """x float[B, L, H] -> float[B, L, H]."""
        out = self.dropout(self.w_2(F.relu(self.w_1(x))))
        return self.layer_norm(out + x)


class Block(nn.Module):
    def __init__(self, hidden: int, heads: int, dropout: float):
        super().__init__()
        self.ln_1 = nn.LayerNorm(hidden)
        self.ln_2 = nn.LayerNorm(hidden)
        self.mh_attn = SelfAttention(hidden, heads, dropout)
        self.feed_forward = FeedForward(hidden, dropout)

    def forward(self, seq, mask, causal):
        """seq float[B, L, H], mask float[B, L, 1], causal bool[L, L] -> float[B, L, H] (zeroed at padding)."""
        x = self.mh_attn(self.ln_1(seq), seq, mask, causal)
        return self.feed_forward(self.ln_2(x)) * mask


class SASRec(SequentialRecommender):
    """history int64[B, L] -> state float[B, H]; see the module docstring."""

    def __init__(self, item_count, max_history=10, hidden=64, dropout=0.1, blocks=1, heads=1, **_):
        super().__init__(item_count, max_history, hidden)
        self.item_embeddings = nn.Embedding(item_count + 1, hidden)   # + pad row
        self.positional_embeddings = nn.Embedding(max_history, hidden)
        self.emb_dropout = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(hidden, heads, dropout) for _ in range(blocks)])
        self.ln_3 = nn.LayerNorm(hidden)

    def embed_items(self, history):
        """history int64[B, L] -> item representations float[B, L, H] (MoRec adds title features here)."""
        return self.item_embeddings(history)

    def encode(self, history):
        """history int64[B, L] -> float[B, H]."""
        # L is the model's max_history (every history is padded to it), a constant rather than a size read from
        # the input: the export then folds the causal mask into a constant.
        L = self.max_history
        mask = self.padding_mask(history)                                      # [B, L, 1]
        # The table has one row per position (max_history rows), so it is its own lookup of positions 0..L-1.
        seq = self.embed_items(history) + self.positional_embeddings.weight          # broadcast over B
        seq = self.emb_dropout(seq) * mask
        causal = torch.tril(torch.ones(L, L, dtype=torch.bool, device=history.device))
        for block in self.blocks:
            seq = block(seq, mask, causal)
        return self.gather_last(self.ln_3(seq), history)


class StackedSASRec(nn.Module):
    """An ensemble of one-head SASRec members written as one model whose every weight has a leading member axis:
    the members run side by side in each operation (one graph of ~50 nodes instead of ~46 per member), which is
    what makes the exported five-member ensemble cheap to run at batch 1. It computes what ``Ensemble`` of the same
    members computes (the mean of their scores), up to float rounding; it is built for export only (eval mode, no
    dropout, no training).

    Parameters are named ``s__<member parameter path with __ for .>`` (``T`` appended for a linear weight stored
    transposed), so ``bench_scoring.onnx_weights`` can split a graph's weights back into members.
    """

    def __init__(self, members):
        super().__init__()
        first = members[0]
        self.count = len(members)
        self.item_count, self.pad_id, self.max_history = first.item_count, first.pad_id, first.max_history
        self.blocks = len(first.blocks)
        self.hidden = first.blocks[0].mh_attn.hidden
        states = [m.state_dict() for m in members]
        H = self.hidden

        def stacked(key, shape=None, transpose=False):
            values = [s[key].t() if transpose else s[key] for s in states]
            tensor = torch.stack(values)
            if shape is not None:
                tensor = tensor.reshape(shape)
            name = "s__" + key.replace(".", "__") + ("T" if transpose else "")
            self.register_parameter(name, nn.Parameter(tensor.detach().clone(), requires_grad=False))
            return name

        M = self.count
        self.names = {
            "items": stacked("item_embeddings.weight"),                       # [M, N+1, H]
            "positions": stacked("positional_embeddings.weight", (M, 1) + tuple(states[0]["positional_embeddings.weight"].shape)),
            "out_w": stacked("s_fc.weight"),                                   # [M, N, H]
            "out_b": stacked("s_fc.bias"),                                     # [M, N]
            "ln_3": (stacked("ln_3.weight", (M, 1, 1, H)), stacked("ln_3.bias", (M, 1, 1, H))),
        }
        self.block_names = []
        for b in range(self.blocks):
            p = "blocks.%d." % b
            names = {}
            for ln in ("ln_1", "ln_2", "feed_forward.layer_norm"):
                names[ln] = (stacked(p + ln + ".weight", (M, 1, 1, H)), stacked(p + ln + ".bias", (M, 1, 1, H)))
            for lin in ("mh_attn.linear_q", "mh_attn.linear_k", "mh_attn.linear_v", "feed_forward.w_1",
                        "feed_forward.w_2"):
                names[lin] = (stacked(p + lin + ".weight", (M, 1, H, H), transpose=True),
                              stacked(p + lin + ".bias", (M, 1, 1, H)))
            self.block_names.append(names)

    @staticmethod
    def fits(model):
        """Whether ``model`` is an ensemble of one-head SASRec members (what this class can stack)."""
        members = getattr(model, "members", None)
        return (members is not None and len(members) > 1 and all(type(m) is SASRec for m in members)
                and all(b.mh_attn.heads == 1 for m in members for b in m.blocks))

    def p(self, name):
        return getattr(self, name)

    def norm(self, x, names):
        # Each member has its own scale and shift, applied after a shared LayerNorm (ONNX's takes one scale).
        plain = F.layer_norm(x, (self.hidden,), torch.ones(self.hidden), torch.zeros(self.hidden))
        return plain * self.p(names[0]) + self.p(names[1])

    def linear(self, x, names):
        return torch.matmul(x, self.p(names[0])) + self.p(names[1])

    def forward(self, history, candidates):
        """history int64[B, L], candidates int64[B, C] -> mean member scores float32[B, C]."""
        L = self.max_history
        real = history.ne(self.pad_id)                                          # [B, L]
        mask = real.unsqueeze(-1).to(torch.float32)                            # [B, L, 1]
        causal = torch.tril(torch.ones(L, L, dtype=torch.bool, device=history.device))
        allowed = real.unsqueeze(1) & causal                                    # [B, L, L]
        seq = self.p(self.names["items"])[:, history] + self.p(self.names["positions"])   # [M, B, L, H]
        seq = seq * mask
        for names in self.block_names:
            queries = self.norm(seq, names["ln_1"])
            q, k, v = (self.linear(queries, names["mh_attn.linear_q"]), self.linear(seq, names["mh_attn.linear_k"]),
                       self.linear(seq, names["mh_attn.linear_v"]))
            logits = torch.matmul(q, k.transpose(-1, -2)) / (self.hidden ** 0.5)          # [M, B, L, L]
            logits = torch.where(allowed, logits, torch.tensor(NEG, dtype=logits.dtype))
            x = torch.matmul(torch.softmax(logits, dim=-1) * mask, v) + queries
            x = self.norm(x, names["ln_2"])
            out = self.linear(F.relu(self.linear(x, names["feed_forward.w_1"])), names["feed_forward.w_2"])
            seq = self.norm(out + x, names["feed_forward.layer_norm"]) * mask
        seq = self.norm(seq, self.names["ln_3"])                                # [M, B, L, H]
        positions = torch.arange(L, device=history.device)
        lengths = real.sum(dim=1)
        at_last = (positions.unsqueeze(0) == torch.clamp(lengths - 1, min=0).unsqueeze(1)).to(torch.float32)
        state = (seq * at_last.unsqueeze(-1)).sum(dim=2)                        # [M, B, H]
        w = self.p(self.names["out_w"])[:, candidates]                          # [M, B, C, H]
        scores = (w * state.unsqueeze(2)).sum(-1) + self.p(self.names["out_b"])[:, candidates]
        return scores.mean(dim=0)
