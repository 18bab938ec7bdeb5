using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using NeighborBot.WeChat;

namespace NeighborBot.Api.Console;

/// <summary>One line of the simulator's chat: who said it and what.</summary>
internal sealed record SimulatorLine(bool FromBot, string Text);

/// <summary>
/// The console's simulator (模拟器, Development only): plays WeChat's side of an Official Account callback as the
/// terminal simulator (tools/NeighborBot.Simulator) does, signing a plaintext message as the account's Token signs
/// it, and hands it to the same <see cref="WeChatCallback"/> that <c>POST /wechat/mp/{account}</c> calls (the
/// signature check, the delivery claim, the conversation), then reads the passive reply as a phone shows it.
/// </summary>
internal sealed class SimulatorChat(WeChatAccounts accounts, WeChatCallback callback, TimeProvider time)
{
    public const string RouteSegment = "/simulator";
    private const string OriginalId = "gh_simulator";

    /// <summary>The account it talks to: the first that takes plaintext callbacks (the demo's <c>demo</c>).</summary>
    public WeChatAccount? Account { get; } = accounts.All.Where(a => !a.RequireEncryption).OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Sends text as <paramref name="openId"/>; the bot's answer, or null when it says nothing.</summary>
    public Task<IReadOnlyList<string>> SayAsync(string openId, string text, CancellationToken cancellationToken) =>
        SendAsync(openId, "text", [new XElement("Content", new XCData(text))], cancellationToken);

    /// <summary>Follows the account by scanning a QR code with <paramref name="scene"/> (such as <c>hh:3-2-501</c>, a household's code).</summary>
    public Task<IReadOnlyList<string>> FollowAsync(string openId, string scene, CancellationToken cancellationToken) =>
        SendAsync(openId, "event", [new XElement("Event", new XCData("subscribe")), new XElement("EventKey", new XCData("qrscene_" + scene))], cancellationToken);

    private async Task<IReadOnlyList<string>> SendAsync(string openId, string type, XElement[] fields, CancellationToken cancellationToken)
    {
        var account = Account ?? throw new InvalidOperationException("No Official Account takes plaintext callbacks.");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var xml = new XElement("xml",
            new XElement("ToUserName", new XCData(OriginalId)),
            new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", now),
            new XElement("MsgType", new XCData(type)),
            fields,
            type == "text" ? new XElement("MsgId", RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1000L + RandomNumberGenerator.GetInt32(0, 1000)) : null);
        var timestamp = now.ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var query = new CallbackQuery(WeChatSignature.Compute(account.Token, timestamp, nonce), timestamp, nonce, OpenId: openId);
        var answer = await callback.ReceiveAsync(account, query, Encoding.UTF8.GetBytes(xml.ToString(SaveOptions.DisableFormatting)), cancellationToken);
        return Read(answer);
    }

    /// <summary>A passive reply as the phone shows it: the text, or each card's title and line.</summary>
    private static IReadOnlyList<string> Read(string answer)
    {
        if (answer == WeChatCallback.NoReply || string.IsNullOrWhiteSpace(answer))
        {
            return [];
        }

        var reply = XElement.Parse(answer);
        return reply.Element("MsgType")?.Value == "news"
            ? [.. reply.Descendants("item").Select(i => $"{i.Element("Title")?.Value}\n{i.Element("Description")?.Value}".Trim())]
            : [reply.Element("Content")?.Value ?? string.Empty];
    }
}
