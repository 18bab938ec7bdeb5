using NeighborBot.Broadcasts;

namespace NeighborBot.Storage;

/// <summary>Broadcasts and the ledgers of their runs in this process's memory, under one lock; the same rules as the Redis store.</summary>
internal sealed class InProcessBroadcastStore(TimeProvider time) : IBroadcastStore
{
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Dictionary<string, (Broadcast Broadcast, long Revision)> _broadcasts = new(StringComparer.Ordinal);
    private readonly Dictionary<RunId, RunState> _runs = [];
    private readonly Dictionary<RunId, DateTimeOffset> _handing = [];
    private readonly HashSet<RunId> _uncounted = [];
    private readonly Dictionary<RunId, (string Owner, DateTimeOffset Until)> _leases = [];
    private readonly Dictionary<(string Account, string Month), HashSet<RunId>> _mass = [];

    public Task<(Broadcast? Broadcast, long Revision)> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_broadcasts.TryGetValue(id, out var stored) ? ((Broadcast?)stored.Broadcast, stored.Revision) : (null, 0L));
        }
    }

    public Task<bool> SaveAsync(Broadcast broadcast, long expectedRevision, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var revision = _broadcasts.TryGetValue(broadcast.Id, out var stored) ? stored.Revision : 0;
            if (revision != expectedRevision)
            {
                return Task.FromResult(false);
            }

            _broadcasts[broadcast.Id] = (broadcast, revision + 1);
            if (broadcast.Status == BroadcastStatus.Sending)
            {
                _handing.TryAdd(new RunId(broadcast.Id, broadcast.Runs), time.GetUtcNow() + StartGrace);
            }

            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Broadcast>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Broadcast>>([.. _broadcasts.Values.Select(b => b.Broadcast).OrderByDescending(b => b.CreatedAt).Take(limit)]);
        }
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset by, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _broadcasts.Values.Select(b => b.Broadcast)
                .Where(b => b is { Status: BroadcastStatus.Scheduled, NextRunAt: { } next } && next <= by)
                .OrderBy(b => b.NextRunAt).Take(limit).Select(b => b.Id)]);
        }
    }

    public Task<bool> WriteLedgerAsync(RunId run, IReadOnlyList<Recipient> recipients, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryAdd(run, new RunState([.. recipients])))
            {
                return Task.FromResult(false);
            }

            _uncounted.Add(run);
            return Task.FromResult(true);
        }
    }

    public Task<RunFigures?> FiguresAsync(RunId run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(run, out var state))
            {
                return Task.FromResult<RunFigures?>(null);
            }

            var recipients = state.Ledger.Count;
            var skipped = state.Ledger.Count(r => r.OptedOut);
            var handed = state.Confirmed.Count;
            return Task.FromResult<RunFigures?>(new RunFigures(
                run.Run, recipients, state.Outcomes.Values.Count(o => o == "d"), state.Outcomes.Values.Count(o => o != "d"), skipped, handed,
                Cancelled: state.Over && handed < recipients - skipped, HandedOver: state.Over));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> UnfinishedAsync(RunId run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = _runs[run];
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([.. state.Ledger
                .Select((r, i) => (r, i))
                .Where(x => !state.Confirmed.Contains(x.i) && !x.r.OptedOut)
                .Select(x => new LedgerEntry(x.i, x.r, state.Claimed.Contains(x.i)))]);
        }
    }

    public Task<bool> StepAsync(RunId run, int? confirm, int? claim, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = _runs[run];
            if (confirm is { } c)
            {
                state.Confirmed.Add(c);
            }

            if (!_broadcasts.TryGetValue(run.Broadcast, out var stored) || stored.Broadcast.Status != BroadcastStatus.Sending)
            {
                return Task.FromResult(false);
            }

            if (claim is { } k)
            {
                state.Claimed.Add(k);
            }

            return Task.FromResult(true);
        }
    }

    public Task EndHandOverAsync(RunId run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run, out var state))
            {
                state.Over = true;
            }

            _handing.Remove(run);
            return Task.CompletedTask;
        }
    }

    public Task SetResumeAtAsync(RunId run, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_handing.ContainsKey(run))
            {
                _handing[run] = at;
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<(RunId Run, DateTimeOffset ResumeAt)>> HandingOverAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(RunId, DateTimeOffset)>>([.. _handing.Select(h => (h.Key, h.Value))]);
        }
    }

    public Task CountAsync(RunId run, int index, bool delivered, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(run, out var state))
            {
                state.Outcomes[index] = delivered ? "d" : "f";
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<RunId>> UncountedRunsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunId>>([.. _uncounted]);
        }
    }

    public Task<IReadOnlyList<int>> UncountedAsync(RunId run, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = _runs[run];
            var uncounted = state.Confirmed.Where(i => !state.Outcomes.ContainsKey(i)).Order().Take(limit).ToList();
            if (uncounted.Count == 0 && state.Over)
            {
                _uncounted.Remove(run);
            }

            return Task.FromResult<IReadOnlyList<int>>(uncounted);
        }
    }

    public Task<IReadOnlyList<RecipientState>> PageAsync(RunId run, int offset, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(run, out var state))
            {
                return Task.FromResult<IReadOnlyList<RecipientState>>([]);
            }

            return Task.FromResult<IReadOnlyList<RecipientState>>([.. state.Ledger.Skip(offset).Take(limit).Select((r, i) => RunLedger.State(
                run, offset + i, r, state.Claimed.Contains(offset + i), state.Confirmed.Contains(offset + i), state.Outcomes.GetValueOrDefault(offset + i), state.Over))]);
        }
    }

    public Task<bool> TryLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_leases.TryGetValue(run, out var held) && held.Until > now)
            {
                return Task.FromResult(false);
            }

            _leases[run] = (owner, now + lease);
            return Task.FromResult(true);
        }
    }

    public Task RenewLeaseAsync(RunId run, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(run, out var held) && held.Owner == owner)
            {
                _leases[run] = (owner, time.GetUtcNow() + lease);
            }

            return Task.CompletedTask;
        }
    }

    public Task ReleaseLeaseAsync(RunId run, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(run, out var held) && held.Owner == owner)
            {
                _leases.Remove(run);
            }

            return Task.CompletedTask;
        }
    }

    public Task<bool> TakeMassAllowanceAsync(string account, string month, RunId run, int allowance, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var runs = _mass.TryGetValue((account, month), out var set) ? set : _mass[(account, month)] = [];
            if (runs.Contains(run))
            {
                return Task.FromResult(true);
            }

            if (runs.Count >= allowance)
            {
                return Task.FromResult(false);
            }

            runs.Add(run);
            return Task.FromResult(true);
        }
    }

    public Task<int> MassSentAsync(string account, string month, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_mass.TryGetValue((account, month), out var runs) ? runs.Count : 0);
        }
    }

    private sealed class RunState(List<Recipient> ledger)
    {
        public List<Recipient> Ledger { get; } = ledger;
        public HashSet<int> Claimed { get; } = [];
        public HashSet<int> Confirmed { get; } = [];
        public Dictionary<int, string> Outcomes { get; } = [];
        public bool Over { get; set; }
    }
}
