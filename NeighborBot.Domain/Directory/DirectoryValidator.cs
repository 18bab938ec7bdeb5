using System.Text.RegularExpressions;

namespace NeighborBot.Directory;

/// <summary>Checks a whole directory and reports every problem at once, each naming its entry.</summary>
public static partial class DirectoryValidator
{
    /// <param name="doc">The whole directory.</param>
    /// <param name="householdAt">
    /// How a household entry is named in messages, by its index: <c>households[12]</c> by default; the
    /// CSV import names the line it came from.
    /// </param>
    public static List<string> Validate(DirectoryDocument doc, Func<int, string>? householdAt = null)
    {
        householdAt ??= i => $"households[{i}]";
        var problems = new List<string>();
        var communities = Unique(doc.Communities, c => c.Id, i => $"communities[{i}]", StringComparer.Ordinal, problems);
        for (var i = 0; i < doc.Communities.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(doc.Communities[i].Name))
            {
                problems.Add($"{Entry($"communities[{i}]", doc.Communities[i].Id)}: name is missing");
            }
        }

        // Grids and households are looked up ignoring case (DirectorySnapshot), so their ids must differ in more than case.
        var grids = Unique(doc.Grids, g => g.Id, i => $"grids[{i}]", StringComparer.OrdinalIgnoreCase, problems);
        var buildingGrid = new Dictionary<int, string>();
        for (var i = 0; i < doc.Grids.Count; i++)
        {
            var grid = doc.Grids[i];
            var at = Entry($"grids[{i}]", grid.Id);
            if (string.IsNullOrWhiteSpace(grid.Name))
            {
                problems.Add($"{at}: name is missing");
            }

            if (!communities.Contains(grid.Community))
            {
                problems.Add($"{at}: community '{grid.Community}' is not in communities");
            }

            if (grid.Buildings.Count == 0)
            {
                problems.Add($"{at}: buildings is empty");
            }

            foreach (var building in grid.Buildings)
            {
                if (building <= 0)
                {
                    problems.Add($"{at}: building {building} is not a positive number");
                }
                else if (!buildingGrid.TryAdd(building, grid.Id) && buildingGrid[building] != grid.Id)
                {
                    problems.Add($"{at}: building {building} is already in grid '{buildingGrid[building]}'");
                }
            }
        }

        var households = Unique(doc.Households, h => h.Id, householdAt, StringComparer.OrdinalIgnoreCase, problems);
        var addresses = new HashSet<(int, int, string)>();
        for (var i = 0; i < doc.Households.Count; i++)
        {
            problems.AddRange(ValidateHousehold(doc.Households[i], householdAt(i), buildingGrid.ContainsKey, addresses));
        }

        Unique(doc.People, p => p.Id, i => $"people[{i}]", StringComparer.Ordinal, problems);
        var openIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < doc.People.Count; i++)
        {
            var person = doc.People[i];
            var at = Entry($"people[{i}]", person.Id);
            if (string.IsNullOrWhiteSpace(person.Name))
            {
                problems.Add($"{at}: name is missing");
            }

            if (person.Phone is { Length: > 0 } phone && !PhoneShape().IsMatch(phone))
            {
                problems.Add($"{at}: phone '{phone}' is not an 11-digit mobile number");
            }

            if (person.OpenId is { Length: > 0 } openId && !openIds.Add(openId))
            {
                problems.Add($"{at}: openid '{openId}' belongs to another person too");
            }

            if (person.Roles.Count == 0)
            {
                problems.Add($"{at}: roles is empty");
            }

            foreach (var role in person.Roles.Where(r => !Role.All.Contains(r)))
            {
                problems.Add($"{at}: role '{role}' is unknown (known: {string.Join(", ", Role.All)})");
            }

            if ((person.Has(Role.GridWorker) || person.Has(Role.GridLeader)) && person.Grids.Count == 0)
            {
                problems.Add($"{at}: a grid worker or grid leader needs grids");
            }

            foreach (var grid in person.Grids.Where(g => !grids.Contains(g)))
            {
                problems.Add($"{at}: grid '{grid}' is not in grids");
            }

            if (person.Has(Role.Department) && string.IsNullOrWhiteSpace(person.Department))
            {
                problems.Add($"{at}: the department role needs department (物业, 派出所, 司法所, ...)");
            }

            foreach (var household in person.Households.Where(h => !households.Contains(h)))
            {
                problems.Add($"{at}: household '{household}' is not in households");
            }

            foreach (var specialty in person.Specialties.Where(s => !Specialties.IsKnown(s)))
            {
                problems.Add($"{at}: specialty '{specialty}' is unknown (known: {string.Join(", ", Specialties.All)})");
            }

            foreach (var hours in person.Hours.Where(h => WeeklyHours.Parse(h) is null))
            {
                problems.Add($"{at}: hours '{hours}' are not a weekday and a time span in China time, like Tue 09:00-11:30");
            }

            foreach (var identity in person.Identities.Where(i => PersonKey.Parse(i) is null))
            {
                problems.Add($"{at}: identity '{identity}' is not channel:source:id, like grp:wechaty:wxid_abc");
            }
        }

        var seenGroups = new HashSet<(string, string)>();
        for (var i = 0; i < doc.Groups.Count; i++)
        {
            var group = doc.Groups[i];
            var at = Entry($"groups[{i}]", group.Id);
            if (string.IsNullOrWhiteSpace(group.Bridge) || string.IsNullOrWhiteSpace(group.Id))
            {
                problems.Add($"{at}: bridge and id are needed (the bridge's name, or wecom:{{robot}}, and the group's id there)");
            }
            else if (!seenGroups.Add((group.Bridge, group.Id)))
            {
                problems.Add($"{at}: group '{group.Id}' of '{group.Bridge}' is listed twice");
            }

            if (group.Grid is { Length: > 0 } grid && !grids.Contains(grid))
            {
                problems.Add($"{at}: grid '{grid}' is not in grids");
            }
        }

        var placeNames = new HashSet<string>(StringComparer.Ordinal);
        var places = doc.Places ?? [];
        for (var i = 0; i < places.Count; i++)
        {
            var place = places[i];
            var at = Entry($"places[{i}]", place.Name);
            if (string.IsNullOrWhiteSpace(place.Name))
            {
                problems.Add($"{at}: name is needed (东门, 地下车库)");
            }

            problems.AddRange(new[] { place.Name }.Concat(place.Aliases ?? []).Where(n => !string.IsNullOrWhiteSpace(n) && !placeNames.Add(n))
                .Select(n => $"{at}: '{n}' names another place too"));
            if (!grids.Contains(place.Grid))
            {
                problems.Add($"{at}: grid '{place.Grid}' is not in grids");
            }
        }

        return problems;
    }

    /// <summary>Checks one household; the CSV import uses it too.</summary>
    public static IEnumerable<string> ValidateHousehold(Household h, string at, Func<int, bool> buildingHasGrid, HashSet<(int, int, string)> addresses)
    {
        at = Entry(at, h.Id);
        if (h.Building <= 0)
        {
            yield return $"{at}: building must be a positive number";
        }
        else if (!buildingHasGrid(h.Building))
        {
            yield return $"{at}: building {h.Building} is in no grid";
        }

        if (h.Unit <= 0)
        {
            yield return $"{at}: unit must be a positive number";
        }

        if (string.IsNullOrWhiteSpace(h.Room))
        {
            yield return $"{at}: room is missing";
        }
        else if (!addresses.Add((h.Building, h.Unit, h.Room)))
        {
            yield return $"{at}: another household is already at {h.Building}-{h.Unit}-{h.Room}";
        }

        foreach (var tag in h.Tags.Where(t => !TagShape().IsMatch(t)))
        {
            yield return $"{at}: tag '{tag}' may hold only lowercase letters, digits and '-'";
        }
    }

    /// <summary>"households[12] (3-2-501)", or "households[12]" when the entry has no id.</summary>
    private static string Entry(string at, string? id) => string.IsNullOrWhiteSpace(id) ? at : $"{at} ({id})";

    private static HashSet<string> Unique<T>(List<T> items, Func<T, string> id, Func<int, string> at, StringComparer comparer, List<string> problems)
    {
        var seen = new HashSet<string>(comparer);
        for (var i = 0; i < items.Count; i++)
        {
            var value = id(items[i]);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{at(i)}: id is missing");
            }
            else if (!seen.Add(value))
            {
                problems.Add($"{at(i)}: id '{value}' appears more than once");
            }
        }

        return seen;
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TagShape();
}
