using System.Security.Claims;
using NeighborBot.Accounts;

namespace NeighborBot.Api.Console;

/// <summary>The signed-in staff member as the console's cookie carries them.</summary>
public sealed record StaffUser(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Grids)
{
    public const string GridClaim = "nb:grid";
    public const string DisplayNameClaim = "nb:display";

    /// <summary>The actor written on tickets and in the audit log.</summary>
    public string Actor => "console:" + UserName;

    /// <summary>The grids the user may see, or null for every grid.</summary>
    public IReadOnlyCollection<string>? VisibleGrids => StaffRoles.SeesAllGrids(Roles) ? null : Grids;

    public bool IsManager => Roles.Any(r => StaffRoles.Managers.Contains(r));

    /// <summary>May change tickets (a grid role only its grids' tickets, checked with <see cref="VisibleGrids"/>).</summary>
    public bool MayChangeTickets => Roles.Any(r => StaffRoles.Changers.Contains(r));

    public static StaffUser? Of(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { } name }
            ? new StaffUser(
                name,
                principal.FindFirstValue(DisplayNameClaim) ?? name,
                [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)],
                [.. principal.FindAll(GridClaim).Select(c => c.Value)])
            : null;

    public static ClaimsPrincipal PrincipalOf(StaffAccount account, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim(DisplayNameClaim, account.DisplayName),
            .. account.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
            .. account.Grids.Select(g => new Claim(GridClaim, g)),
        ],
        scheme));
}
