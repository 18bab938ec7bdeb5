using System.Text.RegularExpressions;

namespace NeighborBot.Directory;

/// <summary>Checks a whole directory and reports every problem at once, each naming its entry.</summary>
public static partial class DirectoryValidator
{
    public static List<string> Validate(DirectoryDocument doc)
    {
        var problems = new List<string>();
        var communities = Unique(doc.Communities, c => c.Id, "communities", problems);
        for (var i = 0; i < doc.Communities.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(doc.Communities[i].Name))
            {
                problems.Add($"communities[{i}] ({doc.Communities[i].Id}): name is missing");
            }
        }

        var grids = Unique(doc.Grids, g => g.Id, "grids", problems);
        var buildingGrid = new Dictionary<int, string>();
        for (var i = 0; i < doc.Grids.Count; i++)
        {
            var grid = doc.Grids[i];
            var at = $"grids[{i}] ({grid.Id})";
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

        var households = Unique(doc.Households, h => h.Id, "households", problems);
        var addresses = new HashSet<(int, int, string)>();
        for (var i = 0; i < doc.Households.Count; i++)
        {
            problems.AddRange(ValidateHousehold(doc.Households[i], $"households[{i}]", buildingGrid.ContainsKey, addresses));
        }

        Unique(doc.People, p => p.Id, "people", problems);
        var openIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < doc.People.Count; i++)
        {
            var person = doc.People[i];
            var at = $"people[{i}] ({person.Id})";
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
        }

        return problems;
    }

    /// <summary>Checks one household; the CSV import uses it too.</summary>
    public static IEnumerable<string> ValidateHousehold(Household h, string at, Func<int, bool> buildingHasGrid, HashSet<(int, int, string)> addresses)
    {
        at = $"{at} ({h.Id})";
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

    private static HashSet<string> Unique<T>(List<T> items, Func<T, string> id, string list, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var value = id(items[i]);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{list}[{i}]: id is missing");
            }
            else if (!seen.Add(value))
            {
                problems.Add($"{list}[{i}]: id '{value}' appears more than once");
            }
        }

        return seen;
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TagShape();
}
