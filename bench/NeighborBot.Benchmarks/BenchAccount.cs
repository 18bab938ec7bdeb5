using System.Globalization;
using NeighborBot.Simulator;
using NeighborBot.WeChat;

namespace NeighborBot.Benchmarks;

/// <summary>
/// One Official Account and one resident's message as WeChat would deliver them, shared by the
/// benchmarks. The values are made up; the shapes (lengths, alphabet) are the console's.
/// </summary>
internal static class BenchAccount
{
    public const string Name = "bench";
    public const string AppId = "wx5823bf96d3bd56c7";
    public const string Token = "QDG6eKbench2026";
    public const string EncodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const long Timestamp = 1_767_225_600; // 2026-01-01T00:00:00Z
    public const string Nonce = "1372623149";
    public const string OpenId = "oq3Rk5xJ2mWv8TnB4cYhL0dPzAe7";

    /// <summary>What a resident typically writes: 35 characters, about 100 UTF-8 bytes.</summary>
    public const string ResidentText = "3号楼2单元楼道的灯坏了好几天了，晚上上下楼很不安全，麻烦派人来修一下";

    /// <summary>A passive text reply of about 300 UTF-8 bytes (100 Chinese characters), like the bot's help text.</summary>
    public const string ReplyText =
        "您好，这里是社区服务台。您可以直接打字或发语音告诉我：报修，比如“3号楼2单元楼道灯坏了”；" +
        "安全隐患、邻里纠纷、物业和环境卫生问题；政策咨询、微心愿。我会记下来，交给负责的网格员。紧急情况请拨打110。";

    public static string TimestampText => Timestamp.ToString(CultureInfo.InvariantCulture);

    public static WeChatAccount Account { get; } = new(Name, new WeChatAccountOptions
    {
        AppId = AppId,
        AppSecret = "bench-secret-not-real",
        Token = Token,
        EncodingAESKey = EncodingAesKey,
    });

    public static SimulatedWeChat WeChat { get; } = new(Name, Token, AppId, EncodingAesKey);

    public static string TextXml(long msgId = 24_561_255_354_251_345) =>
        CallbackMessages.Text(OpenId, Timestamp, msgId, ResidentText);

    /// <summary>A signed request in the given mode, split into the query the endpoint reads and the body bytes.</summary>
    public static (CallbackQuery Query, byte[] Body) Request(DeliveryMode mode, long msgId = 24_561_255_354_251_345)
    {
        var signed = WeChat.Sign(TextXml(msgId), mode, Timestamp, Nonce);
        return (ParseQuery(signed.PathAndQuery), System.Text.Encoding.UTF8.GetBytes(signed.Body));
    }

    public static CallbackQuery ParseQuery(string pathAndQuery)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(pathAndQuery[pathAndQuery.IndexOf('?', StringComparison.Ordinal)..]);
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        return new CallbackQuery(Get("signature"), Get("timestamp"), Get("nonce"), null, Get("encrypt_type"), Get("msg_signature"), Get("openid"));
    }
}
