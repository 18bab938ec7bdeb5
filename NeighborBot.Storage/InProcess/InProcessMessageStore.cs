using NeighborBot.Outbox;

namespace NeighborBot.Storage;

/// <summary>The same rules in this process's memory, for the first run and tests.</summary>
internal sealed class InProcessMessageStore(TimeProvider time) : IMessageStore
{
    private readonly InProcessMap _map = new(time);
    private readonly Dictionary<string, DateTimeOffset> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _givenUp = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    public Task<(MessageRecord Record, bool Added)> AddAsync(OutboundMessage message, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<MessageRecord>("m:" + message.Id) is { } existing)
            {
                return Task.FromResult((existing, false));
            }

            var record = new MessageRecord(message, MessageStatus.Queued, null, now, now, 0, []);
            _map.Set("m:" + message.Id, record, retention);
            _ready.TryAdd(message.Id, now);
            return Task.FromResult((record, true));
        }
    }

    public Task<bool> TryBeginRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("r:" + id) is not null)
            {
                return Task.FromResult(false);
            }

            _map.Set("r:" + id, owner, lease);
            return Task.FromResult(true);
        }
    }

    public Task RenewRunAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("r:" + id) == owner)
            {
                _map.Set("r:" + id, owner, lease);
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkSendingAsync(string id, InFlightSend send, CancellationToken cancellationToken)
    {
        Change(id, null, r => r with { Status = MessageStatus.Sending, UpdatedAt = send.At, InFlight = send });
        return Task.CompletedTask;
    }

    public Task AppendAttemptAsync(string id, SendAttempt attempt, TimeSpan retention, CancellationToken cancellationToken)
    {
        Change(id, retention, r => r with { Attempts = [.. r.Attempts, attempt], InFlight = null });
        return Task.CompletedTask;
    }

    public Task EndRunAsync(string id, string owner, RunEnd end, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            var holder = _map.Get<string>("r:" + id);
            if (holder is not null && holder != owner)
            {
                return Task.CompletedTask;
            }

            Change(id, retention, r => r with { Status = end.Status, Reason = end.Reason, UpdatedAt = now, Runs = r.Runs + (end.Counted ? 1 : 0), NextRunAt = end.NextRunAt });
            _map.Remove("r:" + id);
            if (end.NextRunAt is { } next)
            {
                _ready[id] = next;
            }
            else if (end.Status is not (MessageStatus.Queued or MessageStatus.Retrying))
            {
                _ready.Remove(id);
                if (end.Status != MessageStatus.Delivered)
                {
                    _givenUp[id] = now;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadyAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                [.. _ready.Where(x => x.Value <= dueBy && _map.Get<string>("r:" + x.Key) is null).OrderBy(x => x.Value).Take(limit).Select(x => x.Key)]);
        }
    }

    public Task ForgetReadyAsync(string id, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _ready.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> ReadyAtAsync(string id, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_ready.TryGetValue(id, out var at) ? at : (DateTimeOffset?)null);
        }
    }

    public Task NoteFailingAsync(string channel, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            _failing.Add(channel);
        }

        return Task.CompletedTask;
    }

    public Task<int> NoteWorkingAsync(string channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (!_failing.Remove(channel))
            {
                return Task.FromResult(0);
            }

            var waiting = _ready.Where(x => x.Value > now).Select(x => x.Key).ToList();
            foreach (var id in waiting)
            {
                _ready[id] = now;
            }

            return Task.FromResult(waiting.Count);
        }
    }

    public Task<string?> ProbeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_failing.Count == 0 || _ready.Where(x => x.Value > now).OrderBy(x => x.Value).Select(x => x.Key).FirstOrDefault() is not { } first)
            {
                return Task.FromResult<string?>(null);
            }

            _ready[first] = now;
            return Task.FromResult<string?>(first);
        }
    }

    public Task<ResendResult> ResendAsync(string id, string reason, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<MessageRecord>("m:" + id) is not { } record)
            {
                return Task.FromResult(ResendResult.NotFound);
            }

            if (record.Status is not (MessageStatus.Failed or MessageStatus.Uncertain))
            {
                return Task.FromResult(ResendResult.NotGivenUp);
            }

            _map.Set("m:" + id, record with { Status = MessageStatus.Queued, Reason = reason, QueuedAt = now, UpdatedAt = now, InFlight = null, NextRunAt = null }, retention);
            _ready[id] = now;
            _givenUp.Remove(id);
            return Task.FromResult(ResendResult.Queued);
        }
    }

    public Task<IReadOnlyList<MessageRecord>> GivenUpAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<MessageRecord>>(
                [.. _givenUp.OrderByDescending(x => x.Value).Select(x => _map.Get<MessageRecord>("m:" + x.Key)).OfType<MessageRecord>().Take(limit)]);
        }
    }

    public Task ReleaseRunAsync(string id, string owner, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            if (_map.Get<string>("r:" + id) == owner)
            {
                _map.Remove("r:" + id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult(_map.Get<MessageRecord>("m:" + messageId));
        }
    }

    public Task<IReadOnlyList<MessageRecord>> FindAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        lock (_map.Gate)
        {
            return Task.FromResult<IReadOnlyList<MessageRecord>>(
                [.. _map.Values<MessageRecord>()
                    .Where(r => r.Message.Id.StartsWith(idPrefix, StringComparison.Ordinal))
                    .OrderBy(r => r.Message.Id, StringComparer.Ordinal)
                    .Take(limit)]);
        }
    }

    private void Change(string id, TimeSpan? retention, Func<MessageRecord, MessageRecord> change)
    {
        lock (_map.Gate)
        {
            if (_map.Get<MessageRecord>("m:" + id) is { } record)
            {
                _map.Set("m:" + id, change(record), retention);
            }
        }
    }
}
