using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NeighborBot.Accounts;
using NeighborBot.Api.Console;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Console;

/// <summary>What an admin changes on the accounts page (roles and grids, a new password, disable and enable), on each store, each change in the audit log.</summary>
public abstract class AccountChangesTests
{
    private readonly StaffAccounts _accounts;

    protected AccountChangesTests(IAccountStore store)
    {
        Store = store;
        _accounts = new StaffAccounts(store, new FakeTimeProvider(), Options.Create(new ConsoleOptions()), NullLogger<StaffAccounts>.Instance);
    }

    private IAccountStore Store { get; }

    private static CancellationToken Ct => CancellationToken.None;

    private async Task<IReadOnlyList<string>> ActionsAsync() => [.. (await _accounts.AuditLogAsync(50, Ct)).Select(e => $"{e.Actor} {e.Action} {e.Target}")];

    [Fact]
    public async Task Roles_and_grids_are_changed_the_grids_dropped_for_a_role_that_sees_every_grid_and_the_change_is_audited()
    {
        await _accounts.AddAsync("zhou", "周敏", "worker-password", [StaffRoles.GridWorker], ["g1"], Ct);

        Assert.Equal(AccountRefusal.None, await _accounts.ChangeRolesAsync("admin", "zhou", [StaffRoles.GridLeader], ["g1", "g2"], Ct));
        var leader = await Store.GetAsync("zhou", Ct);
        Assert.Equal([StaffRoles.GridLeader], leader!.Roles);
        Assert.Equal(["g1", "g2"], leader.Grids);

        Assert.Equal(AccountRefusal.None, await _accounts.ChangeRolesAsync("admin", "zhou", [StaffRoles.ReadOnly], ["g1"], Ct));
        Assert.Empty((await Store.GetAsync("zhou", Ct))!.Grids);
        Assert.Equal(["admin account.roles zhou", "admin account.roles zhou"], await ActionsAsync());
    }

    [Fact]
    public async Task A_grid_role_without_a_grid_an_unknown_role_an_unknown_account_and_an_admin_dropping_their_own_admin_role_are_refused()
    {
        await _accounts.AddAsync("admin", "管理员", "admin-password", [StaffRoles.Admin], [], Ct);
        await _accounts.AddAsync("zhou", "周敏", "worker-password", [StaffRoles.GridWorker], ["g1"], Ct);

        Assert.Equal(AccountRefusal.NoGrid, await _accounts.ChangeRolesAsync("admin", "zhou", [StaffRoles.GridWorker], [], Ct));
        Assert.Equal(AccountRefusal.BadRole, await _accounts.ChangeRolesAsync("admin", "zhou", ["boss"], ["g1"], Ct));
        Assert.Equal(AccountRefusal.NotFound, await _accounts.ChangeRolesAsync("admin", "nobody", [StaffRoles.ReadOnly], [], Ct));
        Assert.Equal(AccountRefusal.Self, await _accounts.ChangeRolesAsync("Admin", "admin", [StaffRoles.Secretary], [], Ct));
        Assert.Equal(AccountRefusal.NoGrid, await _accounts.AddAsync("wu", "吴", "worker-password", [StaffRoles.GridLeader], [], Ct));

        Assert.Equal(["g1"], (await Store.GetAsync("zhou", Ct))!.Grids);
        Assert.Equal([StaffRoles.Admin], (await Store.GetAsync("admin", Ct))!.Roles);
        Assert.Empty(await ActionsAsync());
    }

    [Fact]
    public async Task A_reset_password_replaces_the_old_one_and_is_audited_without_the_password()
    {
        await _accounts.AddAsync("zhou", "周敏", "worker-password", [StaffRoles.GridWorker], ["g1"], Ct);

        Assert.Equal(AccountRefusal.WeakPassword, await _accounts.ResetPasswordAsync("admin", "zhou", "short", Ct));
        Assert.Equal(AccountRefusal.None, await _accounts.ResetPasswordAsync("admin", "zhou", "brand-new-password", Ct));

        Assert.Null(await _accounts.VerifyAsync("zhou", "worker-password", Ct));
        Assert.NotNull(await _accounts.VerifyAsync("zhou", "brand-new-password", Ct));
        var entry = Assert.Single(await _accounts.AuditLogAsync(10, Ct));
        Assert.Equal("account.password", entry.Action);
        Assert.DoesNotContain("brand-new", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_with_its_right_password_until_enabled_and_an_admin_cannot_disable_themselves()
    {
        await _accounts.AddAsync("admin", "管理员", "admin-password", [StaffRoles.Admin], [], Ct);
        await _accounts.AddAsync("zhou", "周敏", "worker-password", [StaffRoles.GridWorker], ["g1"], Ct);

        Assert.Equal(AccountRefusal.None, await _accounts.SetDisabledAsync("admin", "zhou", true, Ct));
        Assert.Null(await _accounts.VerifyAsync("zhou", "worker-password", Ct));
        Assert.True((await Store.GetAsync("zhou", Ct))!.Disabled);
        Assert.Equal(AccountRefusal.Self, await _accounts.SetDisabledAsync("admin", "ADMIN", true, Ct));

        Assert.Equal(AccountRefusal.None, await _accounts.SetDisabledAsync("admin", "zhou", false, Ct));
        Assert.NotNull(await _accounts.VerifyAsync("zhou", "worker-password", Ct));
        Assert.NotNull(await _accounts.VerifyAsync("admin", "admin-password", Ct));
        Assert.Equal(["admin account.enable zhou", "admin account.disable zhou"], await ActionsAsync());
    }
}

public sealed class RedisAccountChangesTests() : AccountChangesTests(new RedisAccountStore(TestRedis.Connection, new RedisKeys(TestRedis.NewPrefix())));

public sealed class InProcessAccountChangesTests() : AccountChangesTests(new InProcessAccountStore());
