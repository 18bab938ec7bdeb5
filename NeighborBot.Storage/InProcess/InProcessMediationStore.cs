using NeighborBot.Mediation;

namespace NeighborBot.Storage;

/// <summary>Mediation bookings in this process's memory, under one lock: a slot is claimed with its booking.</summary>
internal sealed class InProcessMediationStore : IMediationStore
{
    private readonly Dictionary<string, MediationBooking> _bookings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _slots = new(StringComparer.Ordinal);

    public Task<bool> CreateAsync(MediationBooking booking, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            if (_slots.ContainsKey(booking.Slot) || _bookings.ContainsKey(booking.Id))
            {
                return Task.FromResult(false);
            }

            _slots[booking.Slot] = booking.Id;
            _bookings[booking.Id] = booking;
            return Task.FromResult(true);
        }
    }

    public Task<string?> HolderAsync(string mediator, DateTimeOffset start, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            return Task.FromResult(_slots.GetValueOrDefault(MediationBooking.SlotOf(mediator, start)));
        }
    }

    public Task<MediationBooking?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            return Task.FromResult(_bookings.GetValueOrDefault(id));
        }
    }

    public Task<bool> MoveAsync(MediationBooking booking, DateTimeOffset formerStart, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            var former = MediationBooking.SlotOf(_bookings.GetValueOrDefault(booking.Id)?.Mediator ?? booking.Mediator, formerStart);
            if (_slots.ContainsKey(booking.Slot) || _slots.GetValueOrDefault(former) != booking.Id)
            {
                return Task.FromResult(false);
            }

            _slots.Remove(former);
            _slots[booking.Slot] = booking.Id;
            _bookings[booking.Id] = booking;
            return Task.FromResult(true);
        }
    }

    public Task SaveAsync(MediationBooking booking, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            _bookings[booking.Id] = booking;
            if (booking.Status == BookingStatus.Cancelled && _slots.GetValueOrDefault(booking.Slot) == booking.Id)
            {
                _slots.Remove(booking.Slot);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MediationBooking>> StartingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_bookings)
        {
            return Task.FromResult<IReadOnlyList<MediationBooking>>(
                [.. _bookings.Values.Where(b => b.Start >= from && b.Start < to).OrderBy(b => b.Start).ThenBy(b => b.Id, StringComparer.Ordinal)]);
        }
    }
}
