using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Bridges;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tests.WeCom;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Groups;

/// <summary>A bridge's message id is handled once through the guard it shares with WeCom's robots (<see cref="NeighborBot.Conversations.DeliveryOnce"/>).</summary>
public sealed class BridgeRepeatTests
{
    private const string Bridge = "wechaty";
    private const string Secret = "bridge-test-secret-0123456789";

    [Fact]
    public async Task A_message_id_posted_again_gets_the_first_answer_and_opens_one_ticket()
    {
        await using var host = new NeighborBotFactory(useRedis: false)
            .With($"Bridges:{Bridge}:Secret", Secret)
            .With("WeChat:ApiBaseUrl", "http://127.0.0.1:9");
        var directory = WeComTestHost.Directory() with { Groups = [new ChatGroup { Bridge = Bridge, Id = "R:10696051", Name = "3号楼住户群", Grid = "g1" }] };
        await host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(directory, default);
        var body = new JsonObject
        {
            ["id"] = "msg-" + Guid.NewGuid().ToString("N"),
            ["group"] = new JsonObject { ["id"] = "R:10696051", ["name"] = "3号楼住户群" },
            ["sender"] = new JsonObject { ["id"] = "wxid_abc", ["name"] = "王阿姨" },
            ["mentioned"] = true,
            ["kind"] = "text",
            ["text"] = "@社区小助手 3号楼2单元楼道灯坏了",
        }.ToJsonString();

        var first = await PostAsync(host, body);
        var again = await PostAsync(host, body);

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.NotNull(first["ticket"]);
        var reporter = GroupAddress.Member(Bridge, "R:10696051", "wxid_abc").ToString();
        Assert.Single(await host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync(reporter, 10, default));
    }

    private static async Task<JsonNode> PostAsync(NeighborBotFactory host, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/bridge/{Bridge}/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(BridgeSignature.TimestampHeader, timestamp);
        request.Headers.Add(BridgeSignature.SignatureHeader, BridgeSignature.Compute(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        using var response = await host.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
