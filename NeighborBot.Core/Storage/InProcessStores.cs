using System.Runtime.CompilerServices;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Tickets;

namespace NeighborBot.Storage;

/// <summary>
/// The in-process implementation of every store, for the first run and fast tests. It follows the
/// same rules as the Redis one (the contract tests run against both) and loses everything when the
/// process stops, which is why Production refuses it.
/// </summary>
internal sealed class InProcessStores(TimeProvider time) : IDedupeStore, INonceStore, ISequenceStore, IConversationStore, ITicketStore, IDirectoryStore, IBindingRequests
{
    private readonly InProcessMap _map = new(time);
    private readonly RedisKeys _keys = new(RedisKeys.DefaultPrefix);
    private readonly Dictionary<string, DateTimeOffset> _toTell = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _told = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    public Task<DedupeClaim> ClaimAsync(string scope, string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Seen(scope, id)!;
        lock (_map.Gate)
        {
            var existing = _map.Get<string>(key);
            if (existing is null)
            {
                _map.Set(key, DedupeMark.Pending(owner), lease);
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

    public Task ReleaseAsync(string scope, string id, string owner, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Seen(scope, id)!;
        lock (_map.Gate)
        {
            if (_map.Get<string>(key) == DedupeMark.Pending(owner))
            {
                _map.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<NonceUse> UseAsync(string scope, string nonce, string fingerprint, TimeSpan window, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Nonce(scope, nonce)!;
        lock (_map.Gate)
        {
            var previous = _map.Get<string>(key);
            if (previous is null)
            {
                _map.Set(key, fingerprint, window);
            }

            return Task.FromResult(NonceMark.Compare(previous, fingerprint));
        }
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
        }

        return Task.CompletedTask;
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
            }

            Append(who, turn.History, turn.Limits.HistoryLength, turn.Limits.HistoryRetention);
            _map.Set(seenKey, DedupeMark.Done(turn.Answer), turn.Limits.DedupeWindow);
            return Task.FromResult(TurnCommitResult.Committed);
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

    public Task<Ticket> CreateAsync(Ticket ticket, string number, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        var source = (string)_keys.TicketSource(ticket.Reporter, ticket.SourceId)!;
        lock (_map.Gate)
        {
            if (_map.Get<string>(source) is { } existing)
            {
                return Task.FromResult(_map.Get<Ticket>((string)_keys.Ticket(existing)!)!);
            }

            var stored = ticket with { Number = number, Revision = 1 };
            _map.Set(source, number, TimeSpan.FromDays(7));
            _map.Set((string)_keys.Ticket(number)!, stored, null);
            _toTell[number] = ticket.UpdatedAt;
            SetDue(number, due);
            return Task.FromResult(stored);
        }
    }

    public Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<Ticket>((string)_keys.Ticket(number)!));
        }
    }

    public Task<bool> UpdateAsync(Ticket ticket, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Ticket(ticket.Number)!;
        lock (_map.Gate)
        {
            if (_map.Get<Ticket>(key)?.Revision != ticket.Revision)
            {
                return Task.FromResult(false);
            }

            _map.Set(key, ticket with { Revision = ticket.Revision + 1 }, null);
            _toTell[ticket.Number] = ticket.UpdatedAt;
            SetDue(ticket.Number, due);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ToTellAsync(DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                [.. _toTell.Where(x => x.Value <= changedBefore).OrderBy(x => x.Value).Take(limit).Select(x => x.Key)]);
        }
    }

    public Task<int> ToldAsync(string number, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_told.GetValueOrDefault(number));
        }
    }

    public Task MarkToldAsync(string number, int events, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            var told = Math.Max(events, _told.GetValueOrDefault(number));
            _told[number] = told;
            if (told >= (_map.Get<Ticket>((string)_keys.Ticket(number)!)?.Events.Count ?? 0))
            {
                _toTell.Remove(number);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _due.Where(x => x.Value <= now).OrderBy(x => x.Value).Take(limit).Select(x => x.Key)]);
        }
    }

    public Task SetDueAsync(string number, DateTimeOffset? due, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            SetDue(number, _map.Get<Ticket>((string)_keys.Ticket(number)!) is null ? null : due);
        }

        return Task.CompletedTask;
    }

    private void SetDue(string number, DateTimeOffset? due)
    {
        if (due is { } at)
        {
            _due[number] = at;
        }
        else
        {
            _due.Remove(number);
        }
    }

    public Task<IReadOnlyList<Ticket>> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>(
                [.. _map.Values<Ticket>().Where(query.Matches).OrderByDescending(t => t.CreatedAt).Take(query.Limit)]);
        }
    }

    public async Task<long> CountByAssigneeAsync(string assignee, CancellationToken cancellationToken) =>
        (await ListByAssigneeAsync(assignee, cancellationToken).ConfigureAwait(false)).Count;

    public Task<IReadOnlyList<Ticket>> ListByAssigneeAsync(string assignee, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>(
                [.. _map.Values<Ticket>().Where(t => t.IsOpen && t.Assignee == assignee).OrderByDescending(t => t.CreatedAt)]);
        }
    }

    public Task<IReadOnlyList<Ticket>> ListByReporterAsync(string reporter, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<Ticket>>(
                [.. _map.Values<Ticket>().Where(t => t.Reporter == reporter).OrderByDescending(t => t.CreatedAt).Take(limit)]);
        }
    }

    private DirectorySnapshot _directory = DirectorySnapshot.Empty;
    private readonly SortedDictionary<long, (DirectoryRevision Revision, DirectoryDocument Document)> _directoryRevisions = [];

    public Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory));

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory).Revision);

    public Task<bool> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, DirectoryRevision revision, int keep, CancellationToken cancellationToken)
    {
        DirectoryStoreRules.CheckFollows(basis, revision, keep);
        lock (_map.Gate)
        {
            var current = _directory;
            if (current.Revision != basis.Revision)
            {
                return Task.FromResult(false);
            }

            if (current.Revision > 0)
            {
                _directoryRevisions.TryAdd(current.Revision, (DirectoryStoreRules.Earlier(current), current.Document));
            }

            _directoryRevisions[revision.Revision] = (revision, document);
            foreach (var old in _directoryRevisions.Keys.Where(r => r <= revision.Revision - keep).ToList())
            {
                _directoryRevisions.Remove(old);
            }

            Volatile.Write(ref _directory, new DirectorySnapshot(document, revision.Revision));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DirectoryRevision>> ListRevisionsAsync(CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<DirectoryRevision>>([.. _directoryRevisions.Values.Select(v => v.Revision).Reverse()]);
        }
    }

    public Task<DirectoryDocument?> ReadRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_directoryRevisions.TryGetValue(revision, out var kept) ? kept.Document : null);
        }
    }

    public Task AddAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        var key = (string)_keys.BindingRequests(householdId)!;
        lock (_map.Gate)
        {
            var set = _map.Get<HashSet<PersonKey>>(key) ?? [];
            set.Add(who);
            _map.Set(key, set, IBindingRequests.Retention);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PersonKey>> ListAsync(string householdId, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            var set = _map.Get<HashSet<PersonKey>>((string)_keys.BindingRequests(householdId)!) ?? [];
            return Task.FromResult<IReadOnlyList<PersonKey>>([.. set.OrderBy(k => k.ToString(), StringComparer.Ordinal)]);
        }
    }

    public Task RemoveAsync(string householdId, PersonKey who, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _map.Get<HashSet<PersonKey>>((string)_keys.BindingRequests(householdId)!)?.Remove(who);
        }

        return Task.CompletedTask;
    }
}
