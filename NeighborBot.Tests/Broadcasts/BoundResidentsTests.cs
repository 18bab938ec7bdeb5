using System.Text.Json;
using NeighborBot.Conversations;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Broadcasts;

/// <summary>The list of bound residents that broadcast audiences read, kept in step with every profile write, in both stores.</summary>
public sealed class BoundResidentsTests
{
    private static readonly PersonKey Who = PersonKey.OfficialAccount("test", "o_bound_1");

    public static TheoryData<string> Stores => new() { "redis", "in-process" };

    private static IConversationStore Store(string kind) => kind == "redis"
        ? new RedisConversationStore(TestRedis.Connection, new RedisKeys(TestRedis.NewPrefix()))
        : new InProcessConversationStore(new InProcessMap(TimeProvider.System));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_binding_an_opt_out_and_an_unfollow_change_the_list(string kind)
    {
        var store = Store(kind);

        await store.SaveProfileAsync(Who, new PersonProfile { HouseholdId = "3-2-501" }, default);
        Assert.Equal(new BoundResident(Who, "3-2-501", false), Assert.Single(await store.ListBoundAsync(default)));

        await store.SaveProfileAsync(Who, new PersonProfile { HouseholdId = "3-2-501", BroadcastsOff = true }, default);
        Assert.True(Assert.Single(await store.ListBoundAsync(default)).BroadcastsOff);

        await store.SaveProfileAsync(Who, new PersonProfile { HouseholdId = "3-2-501", Unsubscribed = true }, default);
        Assert.Empty(await store.ListBoundAsync(default));
    }

    [Fact]
    public async Task Profiles_stored_before_the_list_existed_enter_it_at_its_first_read()
    {
        var keys = new RedisKeys(TestRedis.NewPrefix());
        var db = TestRedis.Connection.GetDatabase();
        await db.StringSetAsync(keys.Profile(Who), JsonSerializer.Serialize(new PersonProfile { HouseholdId = "6-1-101" }, StoreJson.Default.PersonProfile));
        await db.StringSetAsync(keys.Profile(PersonKey.OfficialAccount("test", "o_unbound")), JsonSerializer.Serialize(new PersonProfile(), StoreJson.Default.PersonProfile));
        var store = new RedisConversationStore(TestRedis.Connection, keys);

        var bound = await store.ListBoundAsync(default);

        Assert.Equal(new BoundResident(Who, "6-1-101", false), Assert.Single(bound));
        Assert.True(await db.KeyExistsAsync(keys.BoundResidentsFilled));
    }
}
