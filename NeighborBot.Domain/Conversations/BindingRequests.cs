namespace NeighborBot.Conversations;

/// <summary>
/// People who asked by text to be bound to a household ("绑定 3-2-501"), waiting for a grid worker
/// of that household's grid to confirm ("确认绑定 3-2-501"). Redis and in-process.
/// </summary>
public interface IBindingRequests
{
    /// <summary>How long a request waits for its confirmation.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    Task AddAsync(string householdId, PersonKey who, CancellationToken cancellationToken);

    Task<IReadOnlyList<PersonKey>> ListAsync(string householdId, CancellationToken cancellationToken);

    Task RemoveAsync(string householdId, PersonKey who, CancellationToken cancellationToken);
}
