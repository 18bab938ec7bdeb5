namespace NeighborBot.Care;

/// <summary>What a volunteer's time went into; later work adds its own kinds (a micro-wish fulfilled).</summary>
public static class CareKinds
{
    public const string Visit = "visit";
    public const string Wish = "wish";
}

/// <summary>
/// Time a volunteer (or a grid worker) gave: a visit to a household, with how long, what they noted and the
/// festival it counts for (its <see cref="Festival.Occurrence"/>, <c>2027-中秋</c>; null for an ordinary visit).
/// </summary>
/// <param name="Id">Chosen by the feature that records it, so that recording twice keeps one: a visit is <c>visit:PERSON:HOUSEHOLD:yyyyMMdd</c>.</param>
/// <param name="Kind">One of <see cref="CareKinds"/>.</param>
/// <param name="Person">The directory id of who gave the time.</param>
/// <param name="Minutes">How long; 0 when not said.</param>
public sealed record CareEntry(
    string Id,
    string Kind,
    string Person,
    string? Household,
    DateTimeOffset At,
    int Minutes,
    string? Note,
    string? Festival);

/// <summary>Volunteers' time, kept for good (the community reports it every year). Redis and in-process.</summary>
public interface ICareStore
{
    Task<CareEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds the entry, or replaces the one with its id, with its place by time and by festival.</summary>
    Task SaveAsync(CareEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries with <see cref="CareEntry.At"/> from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), oldest first.</summary>
    Task<IReadOnlyList<CareEntry>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The entries that count for a festival (<c>2027-中秋</c>), oldest first.</summary>
    Task<IReadOnlyList<CareEntry>> OfFestivalAsync(string occurrence, CancellationToken cancellationToken);
}
