using System.Runtime.CompilerServices;
using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>
/// The in-process implementation of every store, for the first run and fast tests. It follows the
/// same rules as the Redis one (the contract tests run against both) and loses everything when the
/// process stops, which is why Production refuses it.
/// </summary>
internal sealed class InProcessStores(TimeProvider time) : IDedupeStore, ISequenceStore, IConversationStore
{
    private readonly InProcessMap _map = new(time);
    private readonly RedisKeys _keys = new(RedisKeys.DefaultPrefix);

    public Task<DedupeClaim> ClaimAsync(string scope, string id, TimeSpan window, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Seen(scope, id)!;
        lock (_map.Gate)
        {
            var existing = _map.Get<string>(key);
            if (existing is null)
            {
                _map.Set(key, DedupeMark.Pending, window);
            }

            return Task.FromResult(DedupeMark.Read(existing));
        }
    }

    public Task<DedupeClaim> PeekAsync(string scope, string id, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(DedupeMark.Read(_map.Get<string>((string)_keys.Seen(scope, id)!)));
        }
    }

    public Task CompleteAsync(string scope, string id, string result, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set((string)_keys.Seen(scope, id)!, DedupeMark.Done(result), window);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string scope, string id, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Remove((string)_keys.Seen(scope, id)!);
        }

        return Task.CompletedTask;
    }

    public Task<long> NextAsync(string name, TimeSpan retention, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Sequence(name)!;
        lock (_map.Gate)
        {
            var counter = _map.Get<StrongBox<long>>(key);
            if (counter is null)
            {
                counter = new StrongBox<long>(0);
                _map.Set(key, counter, retention);
            }

            return Task.FromResult(++counter.Value);
        }
    }

    public Task<ConversationState?> GetAsync(PersonKey who, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<ConversationState>((string)_keys.ConversationState(who)!));
        }
    }

    public Task<bool> CommitTurnAsync(PersonKey who, TurnCommit turn, CancellationToken cancellationToken)
    {
        var stateKey = (string)_keys.ConversationState(who)!;
        lock (_map.Gate)
        {
            if ((_map.Get<ConversationState>(stateKey)?.Version ?? 0) != turn.ExpectedVersion)
            {
                return Task.FromResult(false);
            }

            if (turn.State is null)
            {
                _map.Remove(stateKey);
            }
            else
            {
                _map.Set(stateKey, turn.State, turn.Limits.IdleExpiry);
            }

            Append(who, turn.History, turn.Limits.HistoryLength, turn.Limits.HistoryRetention);
            _map.Set((string)_keys.Seen(who.ToString(), turn.DedupeId)!, DedupeMark.Done(turn.Answer), turn.Limits.DedupeWindow);
            return Task.FromResult(true);
        }
    }

    public Task AppendHistoryAsync(PersonKey who, IReadOnlyList<HistoryEntry> entries, int keep, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            Append(who, entries, keep, retention);
        }

        return Task.CompletedTask;
    }

    private void Append(PersonKey who, IReadOnlyList<HistoryEntry> entries, int keep, TimeSpan retention)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var key = (string)_keys.History(who)!;
        var list = _map.Get<List<HistoryEntry>>(key) ?? [];
        list.AddRange(entries);
        if (list.Count > keep)
        {
            list.RemoveRange(0, list.Count - keep);
        }

        _map.Set(key, list, retention);
    }

    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(PersonKey who, int count, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            var list = _map.Get<List<HistoryEntry>>((string)_keys.History(who)!) ?? [];
            return Task.FromResult<IReadOnlyList<HistoryEntry>>([.. list.Skip(Math.Max(0, list.Count - count))]);
        }
    }

    public Task SetLastLocationAsync(PersonKey who, LocationFix fix, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set((string)_keys.LastLocation(who)!, fix, retention);
        }

        return Task.CompletedTask;
    }

    public Task<LocationFix?> GetLastLocationAsync(PersonKey who, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<LocationFix>((string)_keys.LastLocation(who)!));
        }
    }
}
