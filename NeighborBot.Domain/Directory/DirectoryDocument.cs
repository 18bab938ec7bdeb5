using System.Text.Json.Serialization;

namespace NeighborBot.Directory;

/// <summary>
/// The community directory as admins write it (shared/design/interfaces.md): flat lists in any field
/// order. These records are the contract of the admin JSON: a field that no property here names is
/// refused, and the <see cref="JsonRequiredAttribute"/> sections must be present (an empty list is
/// fine), so adding a property is all it takes to accept a new field. Changed only after the whole
/// directory was validated.
/// </summary>
public sealed record DirectoryDocument
{
    [JsonRequired]
    public List<Community> Communities { get; init; } = [];

    [JsonRequired]
    public List<Grid> Grids { get; init; } = [];

    [JsonRequired]
    public List<Household> Households { get; init; } = [];

    [JsonRequired]
    public List<Person> People { get; init; } = [];

    /// <summary>The WeChat groups that bridges serve, mapped to grids; optional.</summary>
    public List<ChatGroup> Groups { get; init; } = [];

    /// <summary>Public spots without numbers (东门, 地下车库) and the grid that looks after each; optional.</summary>
    public List<PublicPlace> Places { get; init; } = [];
}

/// <summary>A public spot of the community as residents name it, other ways of writing it, and its grid.</summary>
public sealed record PublicPlace
{
    public string Name { get; init; } = string.Empty;
    public List<string> Aliases { get; init; } = [];
    public string Grid { get; init; } = string.Empty;
}

/// <summary>A WeChat group served by a bridge (interfaces.md), and the grid it belongs to.</summary>
public sealed record ChatGroup
{
    public string Bridge { get; init; } = string.Empty;
    public string Id { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string? Grid { get; init; }
}

public sealed record Community
{
    public string Id { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
}

/// <summary>A grid (网格) and the buildings it covers; a household's grid is the one listing its building.</summary>
public sealed record Grid
{
    public string Id { get; init; } = string.Empty;
    public string Community { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public List<int> Buildings { get; init; } = [];
}

/// <summary>A home. Tags such as <c>elderly60</c>, <c>living-alone</c>, <c>low-lying</c> pick audiences.</summary>
public sealed record Household
{
    public string Id { get; init; } = string.Empty;
    public int Building { get; init; }
    public int Unit { get; init; }
    public string Room { get; init; } = string.Empty;
    public List<string> Tags { get; init; } = [];

    /// <summary>Who lives there, for the volunteers who check on them (a flood night, a festival visit): <c>王秀英</c>.</summary>
    public string? Contact { get; init; }

    /// <summary>The household's phone, given to its paired volunteer and grid worker only.</summary>
    public string? Phone { get; init; }

    /// <summary>What a visitor should know: <c>耳背，敲门要用力</c>.</summary>
    public string? Note { get; init; }
}

/// <summary>Someone the bot knows by name: a resident, a worker of some role, a volunteer.</summary>
public sealed record Person
{
    public string Id { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string? Phone { get; init; }

    /// <summary>The person's openid on the community's Official Account, when they follow it.</summary>
    public string? OpenId { get; init; }

    /// <summary>
    /// The person's other identities, as channel keys: a group member in a bridge's group
    /// (<c>grp:wechaty:R:10696051:wxid_abc</c>), a WeCom user. A worker's command works from any of them.
    /// </summary>
    public List<string> Identities { get; init; } = [];

    /// <summary>grid-worker, grid-leader, secretary, department, mediator, volunteer, party-member, resident.</summary>
    public List<string> Roles { get; init; } = [];

    /// <summary>The grids a grid worker or grid leader serves.</summary>
    public List<string> Grids { get; init; } = [];

    /// <summary>For the department role: 物业, 派出所, 司法所, 消防, 服务中心, ...</summary>
    public string? Department { get; init; }

    /// <summary>For volunteers: the households they are paired with.</summary>
    public List<string> Households { get; init; } = [];

    /// <summary>For mediators: noise, leak, parking, pets, family, property-fees, labour, other.</summary>
    public List<string> Specialties { get; init; } = [];

    /// <summary>What residents are told the person is, beside the name: <c>退休法官</c>, <c>律师</c>, <c>社区民警</c>, <c>老邻居调解员</c>.</summary>
    public string? Title { get; init; }

    /// <summary>For mediators: weekly hours in China time, such as <c>Tue 09:00-11:30</c>.</summary>
    public List<string> Hours { get; init; } = [];

    [JsonIgnore]
    public bool IsWorker => Roles.Any(r => r is not (Role.Volunteer or Role.PartyMember or Role.Resident));

    /// <summary>Staff, or a volunteer, to whom a worker may hand a ticket by name (转派 0042 刘洋: a wish the volunteer fulfils).</summary>
    [JsonIgnore]
    public bool CanBeHandedTickets => IsWorker || Has(Role.Volunteer);

    public bool Has(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The role names of the directory.</summary>
public static class Role
{
    public const string GridWorker = "grid-worker";
    public const string GridLeader = "grid-leader";
    public const string Secretary = "secretary";
    public const string Department = "department";
    public const string Mediator = "mediator";
    public const string Volunteer = "volunteer";

    /// <summary>A party member (党员) who serves the community: may claim micro-wishes as volunteers do; not a worker tickets go to.</summary>
    public const string PartyMember = "party-member";
    public const string Resident = "resident";

    public static readonly string[] All = [GridWorker, GridLeader, Secretary, Department, Mediator, Volunteer, PartyMember, Resident];
}
