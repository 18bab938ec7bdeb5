using System.Text;
using NeighborBot.Simulator;

namespace NeighborBot.Tests.Infrastructure;

/// <summary>Posts callbacks to a test host as WeChat would and opens the replies.</summary>
public sealed class CallbackClient(HttpClient http, SimulatedWeChat wechat)
{
    private static long _msgId = 7_000_000_000_000_000_000;

    public static long NextMsgId() => Interlocked.Increment(ref _msgId);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public SimulatedWeChat WeChat => wechat;

    public Task<HttpResponseMessage> PostAsync(SignedCallback request) =>
        http.PostAsync(request.PathAndQuery, new StringContent(request.Body, Encoding.UTF8, "text/xml"));

    /// <summary>Sends one message and returns the reply as the phone shows it ("success" when none).</summary>
    public async Task<string> SendAsync(string xml, DeliveryMode mode = DeliveryMode.Plaintext)
    {
        using var response = await PostAsync(wechat.Sign(xml, mode, Now));
        response.EnsureSuccessStatusCode();
        return wechat.OpenReply(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends text as <paramref name="openId"/> and returns the text of the reply.</summary>
    public async Task<string?> SayAsync(string openId, string text, DeliveryMode mode = DeliveryMode.Plaintext) =>
        SimulatedWeChat.ReplyText(await SendAsync(CallbackMessages.Text(openId, Now, NextMsgId(), text), mode));
}
