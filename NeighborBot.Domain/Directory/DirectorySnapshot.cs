using System.Collections.Frozen;

namespace NeighborBot.Directory;

/// <summary>A read-only view of one directory revision with the lookups the bot needs.</summary>
public sealed class DirectorySnapshot
{
    public static readonly DirectorySnapshot Empty = new(new DirectoryDocument(), 0);

    private readonly FrozenDictionary<string, Household> _households;
    private readonly FrozenDictionary<(int, int, string), Household> _addresses;
    private readonly FrozenDictionary<int, Grid> _gridOfBuilding;
    private readonly FrozenDictionary<string, Grid> _grids;
    private readonly FrozenDictionary<string, Person> _people;
    private readonly FrozenDictionary<string, Person> _byOpenId;
    private readonly FrozenDictionary<string, Person> _byIdentity;
    private readonly FrozenDictionary<(string Source, string Id), ChatGroup> _groups;
    private readonly (string Words, PublicPlace Place)[] _placeWords;

    public DirectorySnapshot(DirectoryDocument document, long revision)
    {
        Document = document;
        Revision = revision;
        _households = document.Households.DistinctBy(h => h.Id).ToFrozenDictionary(h => h.Id, StringComparer.OrdinalIgnoreCase);
        _addresses = document.Households.DistinctBy(h => (h.Building, h.Unit, h.Room)).ToFrozenDictionary(h => (h.Building, h.Unit, h.Room));
        _grids = document.Grids.DistinctBy(g => g.Id).ToFrozenDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        _gridOfBuilding = document.Grids.SelectMany(g => g.Buildings.Select(b => (b, g))).DistinctBy(x => x.b).ToFrozenDictionary(x => x.b, x => x.g);
        _people = document.People.DistinctBy(p => p.Id).ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        _byOpenId = document.People.Where(p => p.OpenId is { Length: > 0 }).DistinctBy(p => p.OpenId).ToFrozenDictionary(p => p.OpenId!, StringComparer.Ordinal);
        _groups = (document.Groups ?? []).DistinctBy(g => (g.Bridge, g.Id)).ToFrozenDictionary(g => (g.Bridge, g.Id));
        _placeWords = (document.Places ?? []).SelectMany(p => (p.Aliases ?? []).Prepend(p.Name).Where(w => !string.IsNullOrEmpty(w)).Select(w => (w, p)))
            .OrderByDescending(x => x.w.Length).ToArray();
        _byIdentity = document.People.SelectMany(p => (p.Identities ?? []).Select(i => (Identity: i, Person: p)))
            .DistinctBy(x => x.Identity).ToFrozenDictionary(x => x.Identity, x => x.Person, StringComparer.Ordinal);
    }

    public DirectoryDocument Document { get; }
    public long Revision { get; }

    public Household? Household(string id) => _households.GetValueOrDefault(id);

    public Household? HouseholdAt(int building, int unit, string room) => _addresses.GetValueOrDefault((building, unit, room));

    public Grid? Grid(string id) => _grids.GetValueOrDefault(id);

    public Grid? GridOfBuilding(int building) => _gridOfBuilding.GetValueOrDefault(building);

    public Person? Person(string id) => _people.GetValueOrDefault(id);

    public Person? PersonByOpenId(string openId) => _byOpenId.GetValueOrDefault(openId);

    /// <summary>
    /// The person writing from this identity: an Official Account follower by openid; anyone else by
    /// <see cref="Person.Identities"/>, where a group member is written without the group
    /// (<c>grp:wechaty:wxid_abc</c>: the same person in every group of that bridge).
    /// </summary>
    public Person? PersonByIdentity(PersonKey who) => who.Channel == PersonKey.OfficialAccountChannel
        ? PersonByOpenId(who.Id)
        : _byIdentity.GetValueOrDefault($"{who.Channel}:{who.Source}:{who.Id}");

    /// <summary>A group of the directory by where it lives (a bridge, <c>wecom:{bot}</c>) and its id.</summary>
    public ChatGroup? Group(string source, string id) => _groups.GetValueOrDefault((source, id));

    /// <summary>The community's public spot named in the words (the longest name or alias found, not one denied: "不是西门"), or null.</summary>
    public PublicPlace? PlaceIn(string text)
    {
        foreach (var (words, place) in _placeWords)
        {
            for (var at = text.IndexOf(words, StringComparison.Ordinal); at >= 0; at = text.IndexOf(words, at + words.Length, StringComparison.Ordinal))
            {
                if (!Denied(text.AsSpan(0, at).TrimEnd()))
                {
                    return place;
                }
            }
        }

        return null;
    }

    /// <summary>"不是西门那边的": a spot the words say the problem is not at.</summary>
    private static bool Denied(ReadOnlySpan<char> before) =>
        before.EndsWith("不是", StringComparison.Ordinal) || before.EndsWith("不在", StringComparison.Ordinal);

    /// <summary>The community's name of a spot the words name, where it holds a general name read from them ("幼儿园门口" for "幼儿园"), or null.</summary>
    public string? OwnName(string general, string text)
    {
        foreach (var (words, place) in _placeWords)
        {
            if (words.Contains(general, StringComparison.Ordinal) && text.Contains(words, StringComparison.Ordinal))
            {
                return place.Name;
            }
        }

        return null;
    }

    /// <summary>The grid that looks after a public spot, by its name or an alias.</summary>
    public Grid? GridOfPlace(string place) =>
        Array.Find(_placeWords, x => x.Words == place).Place is { } found ? Grid(found.Grid) : null;

    /// <summary>People with a role, optionally serving one grid, in directory order.</summary>
    public IEnumerable<Person> WithRole(string role, string? grid = null) => Document.People.Where(p =>
        p.Has(role) && (grid is null || p.Grids.Contains(grid, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The staff of a department (物业, 派出所, ...).</summary>
    public IEnumerable<Person> OfDepartment(string department) => Document.People.Where(p =>
        p.Has(Role.Department) && string.Equals(p.Department, department, StringComparison.Ordinal));
}
