namespace NeighborBot.Outbox;

/// <summary>
/// A send rate shared by every instance: at most so many permits per period for one name (an
/// Official Account's API, a group robot). Redis and in-process.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Takes a permit and returns null, or returns how long to wait before one is free (nothing taken).</summary>
    Task<TimeSpan?> TryTakeAsync(string name, int permits, TimeSpan per, CancellationToken cancellationToken);
}
