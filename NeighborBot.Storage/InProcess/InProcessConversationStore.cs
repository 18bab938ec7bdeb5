using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>Conversation state, profiles, history and last positions in this process's memory; a turn's commit writes the dedupe mark in the same map.</summary>
internal sealed class InProcessConversationStore(InProcessMap map) : IConversationStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;

    /// <summary>The bound residents, kept in step with every profile written (guarded by the map's lock).</summary>
    private readonly Dictionary<PersonKey, BoundResident> _bound = [];

    /// <summary>When each person's unanswered report is due (guarded by the map's lock).</summary>
    private readonly Dictionary<PersonKey, DateTimeOffset> _due = [];

    public Task<Conversation> GetAsync(PersonKey who, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(new Conversation(
                _map.Get<ConversationState>((string)_keys.ConversationState(who)!),
                _map.Get<PersonProfile>((string)_keys.Profile(who)!) ?? PersonProfile.Empty));
        }
    }

    public Task SaveProfileAsync(PersonKey who, PersonProfile profile, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Set((string)_keys.Profile(who)!, profile, null);
            Index(who, profile);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BoundResident>> ListBoundAsync(CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<BoundResident>>([.. _bound.Values]);
        }
    }

    private void Index(PersonKey who, PersonProfile profile)
    {
        if (profile is { HouseholdId: { } household, Unsubscribed: false })
        {
            _bound[who] = new BoundResident(who, household, profile.BroadcastsOff);
        }
        else
        {
            _bound.Remove(who);
        }
    }

    public Task<TurnCommitResult> CommitTurnAsync(PersonKey who, TurnCommit turn, CancellationToken cancellationToken)
    {
        var stateKey = (string)_keys.ConversationState(who)!;
        var seenKey = (string)_keys.Seen(who.ToString(), turn.DedupeId)!;
        lock (_map.Gate)
        {
            var mark = _map.Get<string>(seenKey);
            if (mark is ['d', ..])
            {
                return Task.FromResult(TurnCommitResult.AlreadyDone);
            }

            if (mark is not null && mark != DedupeMark.Pending(turn.ClaimOwner))
            {
                return Task.FromResult(TurnCommitResult.TakenOver);
            }

            if ((_map.Get<ConversationState>(stateKey)?.Version ?? 0) != turn.ExpectedVersion)
            {
                return Task.FromResult(TurnCommitResult.Conflict);
            }

            if (turn.State is null)
            {
                _map.Remove(stateKey);
            }
            else
            {
                _map.Set(stateKey, turn.State, turn.Limits.IdleExpiry);
            }

            if (turn.Profile is not null)
            {
                _map.Set((string)_keys.Profile(who)!, turn.Profile, null);
                Index(who, turn.Profile);
            }

            Append(who, turn.History, turn.Limits.HistoryLength, turn.Limits.HistoryRetention);
            _map.Set(seenKey, DedupeMark.Done(turn.Answer), turn.Limits.DedupeWindow);
            return Task.FromResult(TurnCommitResult.Committed);
        }
    }

    public Task MarkReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _due[who] = due;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(PersonKey Who, DateTimeOffset Due)>> ReportsDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<(PersonKey, DateTimeOffset)>>(
                [.. _due.Where(d => d.Value <= dueBy).OrderBy(d => d.Value).Take(limit).Select(d => (d.Key, d.Value))]);
        }
    }

    public Task ForgetReportDueAsync(PersonKey who, DateTimeOffset due, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_due.TryGetValue(who, out var marked) && marked == due)
            {
                _due.Remove(who);
            }
        }

        return Task.CompletedTask;
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
