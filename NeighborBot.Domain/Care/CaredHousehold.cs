using NeighborBot.Directory;

namespace NeighborBot.Care;

/// <summary>
/// A household that is visited at festivals: one paired with a volunteer, or one with a tag of
/// <c>Festivals:Tags</c> (elderly, living alone), with its grid and the volunteers paired with it.
/// </summary>
internal sealed record CaredHousehold(Household Home, Grid? Grid, IReadOnlyList<Person> Volunteers)
{
    public string GridId => Grid?.Id ?? "-";

    /// <summary>The cared-for households of the directory, in directory order.</summary>
    public static IReadOnlyList<CaredHousehold> All(DirectorySnapshot snapshot, IReadOnlyList<string> tags)
    {
        var volunteers = snapshot.WithRole(Role.Volunteer)
            .SelectMany(v => v.Households.Select(h => (Household: h, Volunteer: v)))
            .ToLookup(x => x.Household, x => x.Volunteer, StringComparer.OrdinalIgnoreCase);
        return [.. snapshot.Document.Households
            .Where(h => volunteers.Contains(h.Id) || h.Tags.Any(t => tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
            .Select(h => new CaredHousehold(h, snapshot.GridOfBuilding(h.Building), [.. volunteers[h.Id]]))];
    }
}
