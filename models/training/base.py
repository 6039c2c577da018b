"""Base class of the sequential recommenders trained here (RecBole's ``SequentialRecommender``, made small).

The contract is the ONNX signature the Java side loads::

    forward(history: int64[B, L], candidates: int64[B, C]) -> scores: float32[B, C]

* ``history`` holds model item indices ``0..N-1``, oldest first, right-padded with ``pad_id = N``
  (``N = item_count``) to ``L = max_history`` (10, as in DROS).
* ``candidates`` holds item indices ``0..N-1`` (never the pad id).
* ``scores[b, c] = h_b . W[candidates[b, c]] + bias[candidates[b, c]]`` where ``h_b`` is the
  model's user state (``encode``) and ``W``/``bias`` is the output layer (DROS' ``s_fc``: an
  ``nn.Linear(state_dim, N)``), gathered for the candidates only so that the graph stays small and
  its cost grows with C, not N.

Subclasses implement ``encode(history) -> float[B, D]``. Training losses use ``all_scores`` (full
softmax) or ``score`` on sampled items.
"""
import torch
import torch.nn as nn


class SequentialRecommender(nn.Module):
    """Shared embedding/output plumbing; see the module docstring for the contract."""

    def __init__(self, item_count: int, max_history: int, state_dim: int):
        super().__init__()
        self.item_count = item_count
        self.pad_id = item_count
        self.max_history = max_history
        # Output layer (DROS ``s_fc``): weight [N, D], bias [N].
        self.s_fc = nn.Linear(state_dim, item_count)

    def init_embeddings(self, std):
        """Re-initialises every nn.Embedding with N(0, std^2) (None keeps PyTorch's N(0, 1), as DROS)."""
        if std is not None:
            for m in self.modules():
                if isinstance(m, nn.Embedding):
                    nn.init.normal_(m.weight, 0.0, std)

    # -- helpers for subclasses ------------------------------------------------------------------
    def padding_mask(self, history: torch.Tensor) -> torch.Tensor:
        """float[B, L, 1]: 1 at real positions, 0 at padding."""
        return history.ne(self.pad_id).unsqueeze(-1).to(torch.float32)

    def last_position(self, history: torch.Tensor) -> torch.Tensor:
        """int64[B]: index of the last real item (DROS ``len_states - 1``); 0 for an all-pad row."""
        lengths = history.ne(self.pad_id).sum(dim=1)
        return torch.clamp(lengths - 1, min=0)

    def gather_last(self, seq: torch.Tensor, history: torch.Tensor) -> torch.Tensor:
        """seq float[B, L, D] -> float[B, D] at the last real position. A one-hot sum rather than a gather: it
        exports without shape arithmetic (the batch size is dynamic) and is exact (the other rows add zeros)."""
        positions = torch.arange(self.max_history, device=seq.device)
        at_last = positions.unsqueeze(0) == self.last_position(history).unsqueeze(1)   # [B, L]
        return (seq * at_last.unsqueeze(-1).to(seq.dtype)).sum(dim=1)

    # -- the contract ----------------------------------------------------------------------------
    def encode(self, history: torch.Tensor) -> torch.Tensor:
        """history int64[B, L] -> user state float[B, D]."""
        raise NotImplementedError

    def score(self, state: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        """state float[B, D], items int64[B, C] -> float[B, C] (output layer rows of the items)."""
        w = self.s_fc.weight[items]            # [B, C, D]
        b = self.s_fc.bias[items]              # [B, C]
        return (w * state.unsqueeze(1)).sum(-1) + b

    def all_scores(self, history: torch.Tensor) -> torch.Tensor:
        """history int64[B, L] -> float[B, N] over all items (training / full ranking)."""
        return self.s_fc(self.encode(history))

    def forward(self, history: torch.Tensor, candidates: torch.Tensor) -> torch.Tensor:
        """history int64[B, L], candidates int64[B, C] -> scores float32[B, C]."""
        return self.score(self.encode(history), candidates)


class Ensemble(nn.Module):
    """Averages the scores of several members with the same signature (one exported graph)."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.item_count = members[0].item_count
        self.pad_id = members[0].pad_id
        self.max_history = members[0].max_history

    def forward(self, history: torch.Tensor, candidates: torch.Tensor) -> torch.Tensor:
        """history int64[B, L], candidates int64[B, C] -> mean member scores float32[B, C]."""
        total = self.members[0](history, candidates)
        for m in self.members[1:]:
            total = total + m(history, candidates)
        return total / len(self.members)
