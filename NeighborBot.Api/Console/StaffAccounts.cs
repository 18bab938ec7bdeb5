using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NeighborBot.Accounts;

namespace NeighborBot.Api.Console;

/// <summary>What <see cref="StaffAccounts.AddAsync"/> refused, or <see cref="None"/>.</summary>
internal enum AccountRefusal
{
    None,
    BadUserName,
    BadRole,
    WeakPassword,
    Taken,

    /// <summary>No account of that name.</summary>
    NotFound,

    /// <summary>A grid leader or worker without a grid.</summary>
    NoGrid,

    /// <summary>An admin would lock themselves out: disabling their own account or dropping their own admin role.</summary>
    Self,
}

/// <summary>
/// Staff accounts: added with a password hashed by ASP.NET Core's <see cref="PasswordHasher{TUser}"/>,
/// checked at sign-in, and every change made in the console written to the audit log.
/// </summary>
internal sealed class StaffAccounts(IAccountStore store, TimeProvider time, IOptions<ConsoleOptions> options, ILogger<StaffAccounts> logger)
{
    public const int MinPasswordLength = 8;
    public const int MaxUserNameLength = 64;

    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    /// <summary>Adds an account; the password is hashed and never stored or logged as given.</summary>
    public async Task<AccountRefusal> AddAsync(
        string userName, string displayName, string password, IReadOnlyList<string> roles, IReadOnlyList<string> grids, CancellationToken cancellationToken)
    {
        userName = userName.Trim();
        if (userName.Length is 0 or > MaxUserNameLength || !userName.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return AccountRefusal.BadUserName;
        }

        if (RolesProblem(roles, grids) is { } problem)
        {
            return problem;
        }

        if (password.Length < MinPasswordLength)
        {
            return AccountRefusal.WeakPassword;
        }

        var account = new StaffAccount
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(),
            PasswordHash = string.Empty,
            Roles = [.. roles],
            Grids = [.. grids],
            CreatedAt = time.GetUtcNow(),
        };
        account = account with { PasswordHash = Hasher.HashPassword(account, password) };
        if (!await store.AddAsync(account, cancellationToken))
        {
            return AccountRefusal.Taken;
        }

        Log.AccountAdded(logger, userName, string.Join(',', roles));
        return AccountRefusal.None;
    }

    public Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<StaffAccount?> GetAsync(string userName, CancellationToken cancellationToken) => store.GetAsync(userName.Trim(), cancellationToken);

    /// <summary>Gives the account these roles and grids (grids only for the grid roles), written to the audit log as done by <paramref name="actor"/>.</summary>
    public async Task<AccountRefusal> ChangeRolesAsync(string actor, string userName, IReadOnlyList<string> roles, IReadOnlyList<string> grids, CancellationToken cancellationToken)
    {
        if (RolesProblem(roles, grids) is { } problem)
        {
            return problem;
        }

        if (await store.GetAsync(userName.Trim(), cancellationToken) is not { } account)
        {
            return AccountRefusal.NotFound;
        }

        if (Same(actor, account) && account.Roles.Contains(StaffRoles.Admin) && !roles.Contains(StaffRoles.Admin))
        {
            return AccountRefusal.Self;
        }

        IReadOnlyList<string> kept = StaffRoles.SeesAllGrids(roles) ? [] : [.. grids.Distinct(StringComparer.Ordinal)];
        await store.SaveAsync(account with { Roles = [.. roles], Grids = kept }, cancellationToken);
        await AuditAsync(actor, "account.roles", account.UserName, $"角色 {string.Join('、', roles)}" + (kept.Count > 0 ? $"，网格 {string.Join('、', kept)}" : string.Empty), cancellationToken);
        return AccountRefusal.None;
    }

    /// <summary>Sets a new password (the admin tells it to the staff member), written to the audit log without the password.</summary>
    public async Task<AccountRefusal> ResetPasswordAsync(string actor, string userName, string password, CancellationToken cancellationToken)
    {
        if (password.Length < MinPasswordLength)
        {
            return AccountRefusal.WeakPassword;
        }

        if (await store.GetAsync(userName.Trim(), cancellationToken) is not { } account)
        {
            return AccountRefusal.NotFound;
        }

        await store.SaveAsync(account with { PasswordHash = Hasher.HashPassword(account, password) }, cancellationToken);
        await AuditAsync(actor, "account.password", account.UserName, "重置密码", cancellationToken);
        return AccountRefusal.None;
    }

    /// <summary>Disables an account (it cannot sign in, and its open session ends) or enables it again; an admin cannot disable themselves.</summary>
    public async Task<AccountRefusal> SetDisabledAsync(string actor, string userName, bool disabled, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(userName.Trim(), cancellationToken) is not { } account)
        {
            return AccountRefusal.NotFound;
        }

        if (disabled && Same(actor, account))
        {
            return AccountRefusal.Self;
        }

        if (account.Disabled != disabled)
        {
            await store.SaveAsync(account with { Disabled = disabled }, cancellationToken);
            await AuditAsync(actor, disabled ? "account.disable" : "account.enable", account.UserName, disabled ? "停用账号" : "启用账号", cancellationToken);
        }

        return AccountRefusal.None;
    }

    /// <summary>The account when the password is right; a hash in an older format is upgraded on the way.</summary>
    public async Task<StaffAccount?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(userName.Trim(), cancellationToken) is not { } account)
        {
            // The same work as for a real account, so the answer's timing does not tell which names exist.
            Hasher.VerifyHashedPassword(Decoy, Decoy.PasswordHash, password);
            return null;
        }

        if (account.Disabled)
        {
            Hasher.VerifyHashedPassword(Decoy, Decoy.PasswordHash, password);
            return null;
        }

        switch (Hasher.VerifyHashedPassword(account, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
                account = account with { PasswordHash = Hasher.HashPassword(account, password) };
                await store.SaveAsync(account, cancellationToken);
                return account;
            default:
                return null;
        }
    }

    /// <summary>Records a change made in the console: who, what, when.</summary>
    public async Task AuditAsync(string actor, string action, string target, string? detail, CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor, action, target, detail), options.Value.KeepAuditEntries, cancellationToken);
        Log.Audited(logger, actor, action, target);
    }

    public Task<IReadOnlyList<AuditEntry>> AuditLogAsync(int limit, CancellationToken cancellationToken) => store.ListAuditAsync(limit, cancellationToken);

    private static AccountRefusal? RolesProblem(IReadOnlyList<string> roles, IReadOnlyList<string> grids) =>
        roles.Count == 0 || roles.Any(r => !StaffRoles.All.Contains(r, StringComparer.Ordinal)) ? AccountRefusal.BadRole
        : !StaffRoles.SeesAllGrids(roles) && !grids.Any(g => !string.IsNullOrWhiteSpace(g)) ? AccountRefusal.NoGrid
        : null;

    private static bool Same(string actor, StaffAccount account) => string.Equals(actor.Trim(), account.UserName, StringComparison.OrdinalIgnoreCase);

    private static readonly StaffAccount Decoy = MakeDecoy();

    private static StaffAccount MakeDecoy()
    {
        var decoy = new StaffAccount { UserName = "-", DisplayName = "-", PasswordHash = string.Empty };
        return decoy with { PasswordHash = Hasher.HashPassword(decoy, Guid.NewGuid().ToString("N")) };
    }
}
