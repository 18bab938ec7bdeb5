using System.Text;
using NeighborBot.Bridges;
using NeighborBot.Groups;

namespace NeighborBot.Tests.Groups;

/// <summary>The bridge signature against an independent vector, the message contract's checks, and how group words and addresses are read.</summary>
public sealed class GroupRulesTests
{
    private const string Secret = "bridge-secret-0123456789";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"msg-123\",\"group\":{\"id\":\"R:10696051\",\"name\":\"3号楼住户群\"}}");
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1764374400);

    /// <summary>Computed with Python: hmac.new(secret, b"1764374400." + body, hashlib.sha256).hexdigest().</summary>
    private const string Vector = "sha256=a2858b065f4db1727e9fba4c3b3a8fede94c49d7351b79176f1e1b45fd3ae899";

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_in_lowercase_hex()
    {
        Assert.Equal(Vector, BridgeSignature.Compute(Secret, "1764374400", Body));
        Assert.True(BridgeSignature.Verify(Secret, "1764374400", Vector, Body, At, TimeSpan.FromMinutes(5)));
        Assert.True(BridgeSignature.Verify(Secret, "1764374400", " " + Vector + " ", Body, At, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(-300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void A_timestamp_is_good_for_five_minutes_either_way(int offsetSeconds, bool accepted) =>
        Assert.Equal(accepted, BridgeSignature.Verify(Secret, "1764374400", Vector, Body, At.AddSeconds(offsetSeconds), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData("1764374400", "sha256=A2858B065F4DB1727E9FBA4C3B3A8FEDE94C49D7351B79176F1E1B45FD3AE899")]
    [InlineData("1764374400", "a2858b065f4db1727e9fba4c3b3a8fede94c49d7351b79176f1e1b45fd3ae899")]
    [InlineData("1764374400", "sha256=")]
    [InlineData("1764374400", null)]
    [InlineData(null, Vector)]
    [InlineData("+1764374400", Vector)]
    [InlineData("1764374400.0", Vector)]
    public void A_signature_or_timestamp_not_exactly_as_written_is_refused(string? timestamp, string? signature) =>
        Assert.False(BridgeSignature.Verify(Secret, timestamp, signature, Body, At, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Another_body_or_secret_does_not_verify()
    {
        Assert.False(BridgeSignature.Verify(Secret, "1764374400", Vector, Body.AsSpan(1), At, TimeSpan.FromMinutes(5)));
        Assert.False(BridgeSignature.Verify("another-secret-0123456789", "1764374400", Vector, Body, At, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("""{"id":"m","group":{"id":"R:1"},"sender":{"id":"a"},"kind":"text","text":"x"}""", null)]
    [InlineData("""{"id":"m","group":{"id":"R:1"},"sender":{"id":"a"},"kind":"voice","text":"x",}""", null)]
    [InlineData("""{"id":"m","group":{"id":"R:1"},"sender":{"id":"*"},"kind":"text"}""", "sender.id may not be '*'")]
    [InlineData("""{"id":" ","group":{"id":"R:1"},"sender":{"id":"a"},"kind":"text"}""", "id is missing")]
    [InlineData("""{"id":"m","sender":{"id":"a"},"kind":"text"}""", "group.id is missing")]
    [InlineData("""{"id":"m","group":{"id":"R:1"},"sender":{"id":"a"}}""", "kind must be one of text, image, voice, other")]
    [InlineData("""null""", "The body is empty")]
    [InlineData("""{"id": 5}""", "not valid JSON (line 1")]
    public void A_message_is_read_or_its_problems_named(string json, string? problem)
    {
        var message = BridgeMessage.Read(Encoding.UTF8.GetBytes(json), out var found);

        if (problem is null)
        {
            Assert.NotNull(message);
            Assert.Null(found);
        }
        else
        {
            Assert.Null(message);
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("@社区小助手 3号楼楼道灯坏了", null, "3号楼楼道灯坏了")]
    [InlineData("3号楼楼道灯坏了@社区小助手", null, "3号楼楼道灯坏了")]
    [InlineData("@社区小助手\u20053号楼楼道灯坏了", null, "3号楼楼道灯坏了")]
    [InlineData("#报修 3号楼楼道灯坏了", "#报修", "3号楼楼道灯坏了")]
    [InlineData("#报修@社区小助手 灯坏了", "#报修", "灯坏了")]
    public void The_bots_address_is_taken_off_the_words(string text, string? prefix, string words) =>
        Assert.Equal(words, GroupGate.Clean(text, prefix, ["社区小助手"]));

    [Fact]
    public void Group_addresses_round_trip_through_person_keys()
    {
        var member = GroupAddress.Member("wechaty", "R:10696051", "wxid_abc");
        var robot = GroupAddress.Member(GroupAddress.WeCom("bot1"), "wrkSFfCgAA", "zhangwei");
        var whole = GroupAddress.WholeGroup("wechaty", "R:10696051");

        Assert.Equal("grp:wechaty/R%3A10696051:wxid_abc", member.ToString());
        Assert.Equal(member, PersonKey.Parse(member.ToString()));
        Assert.Equal(("R:10696051", "wechaty"), (member.GroupId, GroupAddress.SourceOf(member)));
        Assert.Equal((PersonKey.WeComChannel, "wecom:bot1", "wrkSFfCgAA"), (robot.Channel, GroupAddress.SourceOf(robot), robot.GroupId));
        Assert.True(GroupAddress.IsWholeGroup(whole));
        Assert.False(GroupAddress.IsWholeGroup(member));
        Assert.False(GroupAddress.IsWholeGroup(PersonKey.OfficialAccount("demo", "*")));
    }
}
