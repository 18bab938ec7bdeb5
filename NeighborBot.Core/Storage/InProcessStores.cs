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

            if (turn.Profile is not null)
            {
                _map.Set((string)_keys.Profile(who)!, turn.Profile, null);
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

    public Task<Ticket> CreateAsync(Ticket ticket, string number, CancellationToken cancellationToken)
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

    public Task<bool> UpdateAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var key = (string)_keys.Ticket(ticket.Number)!;
        lock (_map.Gate)
        {
            if (_map.Get<Ticket>(key)?.Revision != ticket.Revision)
            {
                return Task.FromResult(false);
            }

            _map.Set(key, ticket with { Revision = ticket.Revision + 1 }, null);
            return Task.FromResult(true);
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

    public Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory));

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _directory).Revision);

    public Task<long> ReplaceAsync(DirectoryDocument document, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _directory = new DirectorySnapshot(document, _directory.Revision + 1);
            return Task.FromResult(_directory.Revision);
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
