using NeighborBot.Tickets;

namespace NeighborBot.Storage;

/// <summary>Tickets, their indexes, the to-tell list and the due times in this process's memory.</summary>
internal sealed class InProcessTicketStore(InProcessMap map) : ITicketStore
{
    private readonly InProcessMap _map = map;
    private readonly RedisKeys _keys = InProcessMap.Keys;
    private readonly Dictionary<string, DateTimeOffset> _toTell = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _told = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);


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

    /// <summary>The in-process store starts empty, so it is always at the current schema.</summary>
    public Task<int> GetSchemaAsync(CancellationToken cancellationToken) => Task.FromResult(TicketUpgrade.CurrentSchema);

    public Task SetSchemaAsync(int schema, CancellationToken cancellationToken) => Task.CompletedTask;
}
