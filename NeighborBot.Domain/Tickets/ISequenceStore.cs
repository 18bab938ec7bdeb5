namespace NeighborBot.Tickets;

/// <summary>Counters that hand out 1, 2, 3, ... per name (for example one per day for ticket numbers).</summary>
public interface ISequenceStore
{
    /// <summary>The next number of <paramref name="name"/>; the counter is kept for <paramref name="retention"/> after its first use.</summary>
    Task<long> NextAsync(string name, TimeSpan retention, CancellationToken cancellationToken);
}
