using System.Globalization;

namespace NeighborBot.Directory;

/// <summary>
/// How many of the current households and people a change would remove (by id, as the directory
/// looks them up). An import that removes a large share is far more often a wrong or truncated file
/// than a real move, so it waits for the admin's confirmation.
/// </summary>
public sealed record DirectoryRemoval(int Households, int HouseholdsBefore, int People, int PeopleBefore)
{
    public const string ConfirmHint = "Nothing changed. If that is what you mean, send the same request again with ?confirm=true.";

    public static DirectoryRemoval Between(DirectoryDocument before, DirectoryDocument after) => new(
        Removed(before.Households, after.Households, h => h.Id, StringComparer.OrdinalIgnoreCase),
        before.Households.Count,
        Removed(before.People, after.People, p => p.Id, StringComparer.Ordinal),
        before.People.Count);

    /// <summary>
    /// Why the change needs confirmation: one reason for households and one for people when more than
    /// <paramref name="maxShare"/> of them would go, then how to confirm; empty when it may go ahead.
    /// </summary>
    public IReadOnlyList<string> Beyond(double maxShare)
    {
        var reasons = new List<string>(3);
        Check("households", Households, HouseholdsBefore);
        Check("people", People, PeopleBefore);
        if (reasons.Count > 0)
        {
            reasons.Add(ConfirmHint);
        }

        return reasons;

        void Check(string what, int removed, int before)
        {
            if (before > 0 && removed > maxShare * before)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: this would remove {removed} of the {before} {what} ({removed * 100.0 / before:0.#}%), more than the {maxShare * 100:0.#}% allowed at once (Directory:MaxRemovalShare)"));
            }
        }
    }

    private static int Removed<T>(List<T> before, List<T> after, Func<T, string> id, StringComparer comparer)
    {
        var kept = new HashSet<string>(after.Select(id), comparer);
        return before.Select(id).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(comparer).Count(i => !kept.Contains(i));
    }
}
