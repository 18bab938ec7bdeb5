using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Outbox;

namespace NeighborBot.Broadcasts;

/// <summary>
/// Turns an audience into recipients with the directory and the bound residents as they are now: groups
/// (the whole group, mentioning nobody), residents through the Official Account, people of the directory
/// where staff are reached. Each recipient once; residents who opted out are kept as skipped unless the
/// broadcast is urgent; with a mass message every follower of the account is one recipient.
/// </summary>
public sealed class AudienceResolver(DirectoryCache directory, IConversationStore conversations, Reach reach)
{
    public async Task<IReadOnlyList<Recipient>> ResolveAsync(Audience audience, bool urgent, bool massSend, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var bound = audience.Residents is not null || audience.Households.Count > 0
            ? await conversations.ListBoundAsync(cancellationToken).ConfigureAwait(false)
            : [];
        return Resolve(audience, snapshot, bound, urgent, massSend);
    }

    /// <summary>The audience's problems against the directory (unknown grids, groups, roles, people, households); empty when none.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Audience audience, CancellationToken cancellationToken) =>
        Check(audience, await directory.GetAsync(cancellationToken).ConfigureAwait(false));

    internal IReadOnlyList<Recipient> Resolve(Audience audience, DirectorySnapshot snapshot, IReadOnlyList<BoundResident> bound, bool urgent, bool massSend)
    {
        var recipients = new List<Recipient>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(Recipient recipient)
        {
            if (seen.Add(recipient.To))
            {
                recipients.Add(recipient);
            }
        }

        foreach (var group in Groups(audience.Groups, snapshot))
        {
            Add(new Recipient(GroupAddress.WholeGroup(group.Bridge, group.Id).ToString(), RecipientKinds.Group, group.Grid, group.Name.Length > 0 ? group.Name : group.Id));
        }

        var people = new List<Recipient>();
        foreach (var resident in Residents(audience, snapshot, bound))
        {
            var home = snapshot.Household(resident.HouseholdId)!;
            people.Add(new Recipient(resident.Who.ToString(), RecipientKinds.Resident, snapshot.GridOfBuilding(home.Building)?.Id, home.Id, OptedOut: resident.BroadcastsOff && !urgent));
        }

        var staff = audience.Roles.SelectMany(role => snapshot.WithRole(role))
            .Concat(audience.People.Select(snapshot.Person).OfType<Person>());
        foreach (var person in staff)
        {
            if (reach.Staff(person) is { } key)
            {
                people.Add(new Recipient(key.ToString(), RecipientKinds.Staff, person.Grids.FirstOrDefault(), person.Name));
            }
        }

        if (massSend && people.Count > 0)
        {
            // One mass message reaches every follower, residents and staff alike.
            Add(new Recipient(reach.Followers().ToString(), RecipientKinds.Followers, null, "所有关注者"));
        }
        else
        {
            people.ForEach(Add);
        }

        return recipients;
    }

    internal static IReadOnlyList<string> Check(Audience audience, DirectorySnapshot snapshot)
    {
        var problems = new List<string>();
        if (audience.Groups is { All: false } groups)
        {
            problems.AddRange(groups.Ids.Where(id => snapshot.Grid(id) is null && FindGroup(snapshot, id) is null)
                .Select(id => $"audience.groups: '{id}' is neither a grid nor a group of the directory."));
        }

        if (audience.Residents is { All: false } residents)
        {
            problems.AddRange(residents.Grids.Where(g => snapshot.Grid(g) is null).Select(g => $"audience.residents.grids: '{g}' is not a grid of the directory."));
        }

        problems.AddRange(audience.Roles.Where(r => !Role.All.Contains(r, StringComparer.OrdinalIgnoreCase))
            .Select(r => $"audience.roles: '{r}' is not a role ({string.Join(", ", Role.All)})."));
        problems.AddRange(audience.People.Where(p => snapshot.Person(p) is null).Select(p => $"audience.people: '{p}' is not in the directory."));
        problems.AddRange(audience.Households.Where(h => snapshot.Household(h) is null).Select(h => $"audience.households: '{h}' is not in the directory."));
        return problems;
    }

    private static IEnumerable<ChatGroup> Groups(GroupChoice? choice, DirectorySnapshot snapshot)
    {
        if (choice is null)
        {
            return [];
        }

        var all = snapshot.Document.Groups ?? [];
        return choice.All
            ? all
            : choice.Ids.SelectMany(id => snapshot.Grid(id) is { } grid
                ? all.Where(g => string.Equals(g.Grid, grid.Id, StringComparison.OrdinalIgnoreCase))
                : FindGroup(snapshot, id) is { } group ? [group] : []);
    }

    /// <summary>A group by its id, or by <c>bridge/id</c> when two bridges have groups of the same id.</summary>
    private static ChatGroup? FindGroup(DirectorySnapshot snapshot, string id) =>
        (snapshot.Document.Groups ?? []).FirstOrDefault(g => g.Id == id || $"{g.Bridge}/{g.Id}" == id);

    private static IEnumerable<BoundResident> Residents(Audience audience, DirectorySnapshot snapshot, IReadOnlyList<BoundResident> bound)
    {
        var named = audience.Households.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var choice = audience.Residents;
        foreach (var resident in bound.OrderBy(r => r.HouseholdId, StringComparer.Ordinal).ThenBy(r => r.Who.ToString(), StringComparer.Ordinal))
        {
            if (snapshot.Household(resident.HouseholdId) is not { } home)
            {
                continue;
            }

            if (named.Contains(home.Id) || (choice is not null && Matches(choice, home, snapshot)))
            {
                yield return resident;
            }
        }
    }

    private static bool Matches(ResidentChoice choice, Household home, DirectorySnapshot snapshot) =>
        choice.All
        || ((choice.Grids.Count == 0 || (snapshot.GridOfBuilding(home.Building) is { } grid && choice.Grids.Contains(grid.Id, StringComparer.OrdinalIgnoreCase)))
            && (choice.Tags.Count == 0 || choice.Tags.Any(t => home.Tags.Contains(t, StringComparer.OrdinalIgnoreCase))));
}
