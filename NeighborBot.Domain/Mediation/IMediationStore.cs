namespace NeighborBot.Mediation;

/// <summary>Mediation bookings and the slots they hold. Redis and in-process.</summary>
public interface IMediationStore
{
    /// <summary>
    /// Stores a new booking if its slot (mediator and start) is free, in one atomic step; false when someone
    /// holds the slot already (then nothing is stored).
    /// </summary>
    Task<bool> CreateAsync(MediationBooking booking, CancellationToken cancellationToken);

    /// <summary>The id of the booking holding the slot, or null.</summary>
    Task<string?> HolderAsync(string mediator, DateTimeOffset start, CancellationToken cancellationToken);

    Task<MediationBooking?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a booking whose time changed from <paramref name="formerStart"/>: the new slot is claimed and the old one
    /// freed in one atomic step; false (nothing changed) when the new slot is held by someone else.
    /// </summary>
    Task<bool> MoveAsync(MediationBooking booking, DateTimeOffset formerStart, CancellationToken cancellationToken);

    /// <summary>Saves a booking whose time did not change; a cancelled booking frees its slot in the same step.</summary>
    Task SaveAsync(MediationBooking booking, CancellationToken cancellationToken);

    /// <summary>Bookings starting from <paramref name="from"/> (included) to <paramref name="to"/> (excluded), by start.</summary>
    Task<IReadOnlyList<MediationBooking>> StartingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
