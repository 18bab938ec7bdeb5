namespace NeighborBot.Accounts;

/// <summary>
/// A member of the community's staff who signs in to the console. The password is kept only as a hash
/// (ASP.NET Core's <c>PasswordHasher</c>, computed by the host); <see cref="Grids"/> are the grids a grid
/// leader or grid worker serves (empty for the roles that see every grid).
/// </summary>
public sealed record StaffAccount
{
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required string PasswordHash { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Grids { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A disabled account cannot sign in, and a session it already has ends at its next request; an admin enables it again.</summary>
    public bool Disabled { get; init; }

    /// <summary>Admins, secretaries and read-only staff see every grid; grid leaders and workers only their own.</summary>
    public bool SeesAllGrids => StaffRoles.SeesAllGrids(Roles);
}

/// <summary>The console's roles.</summary>
public static class StaffRoles
{
    /// <summary>The community admin: everything, accounts and the audit log included.</summary>
    public const string Admin = "admin";

    /// <summary>The community secretary: everything, and approves broadcasts.</summary>
    public const string Secretary = "secretary";

    /// <summary>Their grids' tickets and households.</summary>
    public const string GridLeader = "grid-leader";

    /// <summary>Their grids' tickets and households.</summary>
    public const string GridWorker = "grid-worker";

    /// <summary>Sees every page that only shows; changes nothing.</summary>
    public const string ReadOnly = "read-only";

    public static IReadOnlyList<string> All { get; } = [Admin, Secretary, GridLeader, GridWorker, ReadOnly];

    /// <summary>The roles that change tickets (within their grids for the grid roles).</summary>
    public static IReadOnlyList<string> Changers { get; } = [Admin, Secretary, GridLeader, GridWorker];

    /// <summary>The roles that see the audit log and manage accounts.</summary>
    public static IReadOnlyList<string> Managers { get; } = [Admin, Secretary];

    public static bool SeesAllGrids(IEnumerable<string> roles) => roles.Any(r => r is Admin or Secretary or ReadOnly);
}

/// <summary>One change made in the console: who, what, when, to what.</summary>
/// <param name="Actor">The user name of the staff member.</param>
/// <param name="Action">What was done, e.g. <c>ticket.assign</c>, <c>account.add</c>.</param>
/// <param name="Target">What it was done to, e.g. a ticket number or a user name.</param>
/// <param name="Detail">In words, for the admin reading the log (never a password).</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail);

/// <summary>Staff accounts and the audit log of the console. Redis and in-process.</summary>
public interface IAccountStore
{
    /// <summary>The account of <paramref name="userName"/> (user names compare without case), or null.</summary>
    Task<StaffAccount?> GetAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Adds the account; false (and nothing changes) when the user name is taken.</summary>
    Task<bool> AddAsync(StaffAccount account, CancellationToken cancellationToken);

    /// <summary>Replaces the account of the same user name (adds it when missing).</summary>
    Task SaveAsync(StaffAccount account, CancellationToken cancellationToken);

    /// <summary>Every account, by user name.</summary>
    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Appends to the audit log, which keeps the newest <paramref name="keep"/> entries.</summary>
    Task AppendAuditAsync(AuditEntry entry, int keep, CancellationToken cancellationToken);

    /// <summary>The newest entries first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken);
}
