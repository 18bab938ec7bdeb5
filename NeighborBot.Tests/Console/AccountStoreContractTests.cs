using NeighborBot.Accounts;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Console;

/// <summary>The account store's contract, run against real Redis and against the in-process store.</summary>
public abstract class AccountStoreContractTests
{
    protected abstract IAccountStore Store { get; }

    private static StaffAccount Account(string name, params string[] roles) =>
        new() { UserName = name, DisplayName = name + " 显示", PasswordHash = "hash-" + name, Roles = roles, Grids = ["g1"] };

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task An_added_account_is_found_by_its_name_in_any_case_and_a_second_of_the_same_name_is_refused()
    {
        Assert.True(await Store.AddAsync(Account("Wang", StaffRoles.GridWorker), Ct));
        Assert.False(await Store.AddAsync(Account("wang", StaffRoles.Admin), Ct));

        var found = await Store.GetAsync("WANG", Ct);
        Assert.NotNull(found);
        Assert.Equal("Wang", found.UserName);
        Assert.Equal([StaffRoles.GridWorker], found.Roles);
        Assert.Equal(["g1"], found.Grids);
        Assert.Null(await Store.GetAsync("li", Ct));
    }

    [Fact]
    public async Task A_saved_account_replaces_the_stored_one_and_the_list_is_by_name()
    {
        await Store.AddAsync(Account("zhao", StaffRoles.ReadOnly), Ct);
        await Store.AddAsync(Account("an", StaffRoles.Admin), Ct);
        await Store.SaveAsync(Account("zhao", StaffRoles.Secretary) with { PasswordHash = "new" }, Ct);

        Assert.Equal("new", (await Store.GetAsync("zhao", Ct))!.PasswordHash);
        Assert.Equal(["an", "zhao"], (await Store.ListAsync(Ct)).Select(a => a.UserName));
    }

    [Fact]
    public async Task A_disabled_account_is_kept_disabled_until_saved_enabled()
    {
        await Store.AddAsync(Account("qian", StaffRoles.GridWorker), Ct);
        Assert.False((await Store.GetAsync("qian", Ct))!.Disabled);

        await Store.SaveAsync((await Store.GetAsync("qian", Ct))! with { Disabled = true }, Ct);
        Assert.True((await Store.GetAsync("qian", Ct))!.Disabled);
        Assert.True((await Store.ListAsync(Ct)).Single().Disabled);

        await Store.SaveAsync((await Store.GetAsync("qian", Ct))! with { Disabled = false }, Ct);
        Assert.False((await Store.GetAsync("qian", Ct))!.Disabled);
    }

    [Fact]
    public async Task The_audit_log_lists_the_newest_first_and_keeps_only_the_newest()
    {
        var at = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendAuditAsync(new AuditEntry(at.AddMinutes(i), "admin", "ticket.close", $"t{i}", "电话已解决"), keep: 3, Ct);
        }

        var log = await Store.ListAuditAsync(10, Ct);
        Assert.Equal(["t5", "t4", "t3"], log.Select(e => e.Target));
        Assert.Equal(at.AddMinutes(5), log[0].At);
        Assert.Equal("电话已解决", log[0].Detail);
        Assert.Single(await Store.ListAuditAsync(1, Ct));
    }
}

public sealed class RedisAccountStoreTests : AccountStoreContractTests
{
    protected override IAccountStore Store { get; } = new RedisAccountStore(TestRedis.Connection, new RedisKeys(TestRedis.NewPrefix()));
}

public sealed class InProcessAccountStoreTests : AccountStoreContractTests
{
    protected override IAccountStore Store { get; } = new InProcessAccountStore();
}
