namespace NeighborBot.Directory;

/// <summary>What an import would do to the households, by id (as the directory looks them up): added, changed, removed, kept as they are.</summary>
public sealed record HouseholdChanges(int Added, int Changed, int Removed, int Unchanged)
{
    public static HouseholdChanges Between(IReadOnlyList<Household> before, IReadOnlyList<Household> after)
    {
        var old = before.Where(h => !string.IsNullOrWhiteSpace(h.Id)).DistinctBy(h => h.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(h => h.Id, StringComparer.OrdinalIgnoreCase);
        int added = 0, changed = 0, unchanged = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in after.Where(h => !string.IsNullOrWhiteSpace(h.Id) && seen.Add(h.Id)))
        {
            if (!old.TryGetValue(h.Id, out var was))
            {
                added++;
            }
            else if (Same(was, h))
            {
                unchanged++;
            }
            else
            {
                changed++;
            }
        }

        return new HouseholdChanges(added, changed, old.Keys.Count(id => !seen.Contains(id)), unchanged);
    }

    /// <summary>The same household, field by field (a record's own equality compares the tag lists by reference).</summary>
    private static bool Same(Household a, Household b) =>
        a.Id == b.Id && a.Building == b.Building && a.Unit == b.Unit && a.Room == b.Room && a.Contact == b.Contact && a.Phone == b.Phone
        && a.Note == b.Note && a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal);
}
