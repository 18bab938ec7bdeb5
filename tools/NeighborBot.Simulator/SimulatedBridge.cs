using System.Globalization;
using System.Net;
using System.Text.Json;
using NeighborBot.Bridges;

namespace NeighborBot.Simulator;

/// <summary>What NeighborBot answered a bridge: the status, and the answer when it was 200.</summary>
public sealed record BridgeResponse(HttpStatusCode Status, BridgeAnswer? Answer, string Body);

/// <summary>
/// Plays a group bridge's side of <c>POST /bridge/{bridge}/messages</c>: builds the message as the
/// contract writes it, signs it with the bridge's secret and posts it (docs/bridge-protocol.md).
/// </summary>
public sealed class SimulatedBridge(string bridge, string secret, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _ids = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public string Path => $"/bridge/{Uri.EscapeDataString(bridge)}/messages";

    /// <summary>A message in a group; a fresh message id unless <paramref name="id"/> is given (a repeat).</summary>
    public BridgeMessage Message(string groupId, string groupName, string senderId, string senderName, string text, bool mentioned, string kind = "text", string? id = null) => new()
    {
        Id = id ?? "sim-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture),
        Group = new BridgeParty(groupId, groupName),
        Sender = new BridgeParty(senderId, senderName),
        Mentioned = mentioned,
        Kind = kind,
        Text = text,
        Attachments = [],
        SentAt = _time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)),
    };

    public Task<BridgeResponse> PostAsync(HttpClient http, BridgeMessage message, CancellationToken cancellationToken = default) =>
        PostRawAsync(http, JsonSerializer.SerializeToUtf8Bytes(message, JsonSerializerOptions.Web), cancellationToken: cancellationToken);

    /// <summary>Posts a body as it is, signed at <paramref name="timestamp"/> (now when null) with <paramref name="signWith"/> (the bridge's secret when null).</summary>
    public async Task<BridgeResponse> PostRawAsync(HttpClient http, byte[] body, long? timestamp = null, string? signWith = null, CancellationToken cancellationToken = default)
    {
        var at = (timestamp ?? _time.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(BridgeSignature.TimestampHeader, at);
        request.Headers.Add(BridgeSignature.SignatureHeader, BridgeSignature.Compute(signWith ?? secret, at, body));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var answer = response.StatusCode == HttpStatusCode.OK ? JsonSerializer.Deserialize<BridgeAnswer>(text, JsonSerializerOptions.Web) : null;
        return new BridgeResponse(response.StatusCode, answer, text);
    }
}
