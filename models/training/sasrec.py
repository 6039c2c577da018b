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
