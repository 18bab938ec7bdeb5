using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeighborBot.Tests.Infrastructure;

/// <summary>The opened passive reply: its plaintext JSON and the sealed envelope it came in.</summary>
public sealed record WeComReply(JsonObject Plain, JsonObject Envelope)
{
    public string Msgtype => (string)Plain["msgtype"]!;

    /// <summary>A stream's content, or a text's.</summary>
    public string Content => (string)(Plain["stream"]?["content"] ?? Plain["text"]!["content"])!;
}

/// <summary>
/// WeCom's side of a smart robot's callback, for tests: seals and signs callbacks with its own code
/// (AES-256-CBC framed by hand, SHA-1 over the sorted parts; nothing of NeighborBot's crypto), posts them
/// to <c>/wecom/aibot/{bot}</c>, and opens and checks the sealed replies.
/// </summary>
public sealed class WeComSide(HttpClient http, string bot, string token, string encodingAesKey)
{
    private static long _next;
    private readonly byte[] _key = Convert.FromBase64String(encodingAesKey + "=");

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public string Path => $"/wecom/aibot/{bot}";

    public static string NewMsgId() => $"CAIQ{Interlocked.Increment(ref _next)}/{Guid.NewGuid():N}=";

    public static string NewNonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    public static JsonObject GroupText(string chatId, string userId, string content, string? msgId = null) => new()
    {
        ["msgid"] = msgId ?? NewMsgId(),
        ["aibotid"] = "AIBOTID",
        ["chatid"] = chatId,
        ["chattype"] = "group",
        ["from"] = new JsonObject { ["userid"] = userId },
        ["response_url"] = "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RESPONSE_CODE",
        ["msgtype"] = "text",
        ["text"] = new JsonObject { ["content"] = content },
    };

    public static JsonObject SingleText(string userId, string content, string? msgId = null) => new()
    {
        ["msgid"] = msgId ?? NewMsgId(),
        ["aibotid"] = "AIBOTID",
        ["chattype"] = "single",
        ["from"] = new JsonObject { ["userid"] = userId },
        ["response_url"] = "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RESPONSE_CODE",
        ["msgtype"] = "text",
        ["text"] = new JsonObject { ["content"] = content },
    };

    public static JsonObject StreamRefresh(string chatId, string userId, string streamId) => new()
    {
        ["msgid"] = NewMsgId(),
        ["aibotid"] = "AIBOTID",
        ["chatid"] = chatId,
        ["chattype"] = "group",
        ["from"] = new JsonObject { ["userid"] = userId },
        ["msgtype"] = "stream",
        ["stream"] = new JsonObject { ["id"] = streamId },
    };

    public static JsonObject EnterChat(string userId) => new()
    {
        ["msgid"] = NewMsgId(),
        ["create_time"] = Now,
        ["aibotid"] = "AIBOTID",
        ["from"] = new JsonObject { ["corpid"] = "wpxxxx", ["userid"] = userId },
        ["msgtype"] = "event",
        ["event"] = new JsonObject { ["eventtype"] = "enter_chat" },
    };

    public static string Sign(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Seals a message as WeCom does for a company's own robot (receive id "").</summary>
    public string Seal(string message, string receiveId = "")
    {
        var text = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(receiveId);
        var length = 16 + 4 + text.Length + id.Length;
        var pad = 32 - (length % 32);
        var frame = new byte[length + pad];
        RandomNumberGenerator.Fill(frame.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), text.Length);
        text.CopyTo(frame, 20);
        id.CopyTo(frame, 20 + text.Length);
        frame.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(frame, _key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>Opens a sealed text and checks that it was sealed for the receive id "".</summary>
    public string Open(string encrypted)
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        var frame = aes.DecryptCbc(Convert.FromBase64String(encrypted), _key.AsSpan(0, 16), PaddingMode.None);
        var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(16));
        var pad = frame[^1];
        Assert.Equal(frame.Length - pad, 20 + length); // nothing after the message: the receive id is ""
        return Encoding.UTF8.GetString(frame, 20, length);
    }

    public string VerificationUrl(string echoPlain, long? timestamp = null, string? nonce = null)
    {
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var echo = Seal(echoPlain);
        return $"{Path}?msg_signature={Sign(token, ts, nonce, echo)}&timestamp={ts}&nonce={nonce}&echostr={Uri.EscapeDataString(echo)}";
    }

    /// <summary>Posts a callback, sealed and signed (the body and query may be given raw, to play a forger).</summary>
    public Task<HttpResponseMessage> PostAsync(JsonObject message, long? timestamp = null, string? nonce = null, string? signature = null) =>
        PostRawAsync(Seal(message.ToJsonString()), timestamp, nonce, signature);

    public Task<HttpResponseMessage> PostRawAsync(string encrypt, long? timestamp = null, string? nonce = null, string? signature = null, string? body = null)
    {
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        signature ??= Sign(token, ts, nonce, encrypt);
        var content = new StringContent(body ?? new JsonObject { ["encrypt"] = encrypt }.ToJsonString(), Encoding.UTF8, "application/json");
        return http.PostAsync($"{Path}?msg_signature={signature}&timestamp={ts}&nonce={nonce}", content);
    }

    /// <summary>Sends a callback and opens the reply, checking its envelope as WeCom would; null for an empty 200.</summary>
    public async Task<WeComReply?> SendAsync(JsonObject message)
    {
        var nonce = NewNonce();
        using var response = await PostAsync(message, nonce: nonce);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return null;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var envelope = JsonNode.Parse(text)!.AsObject();
        var encrypt = (string)envelope["encrypt"]!;
        Assert.Equal(JsonValueKind.Number, envelope["timestamp"]!.GetValueKind());
        var timestamp = ((long)envelope["timestamp"]!).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(nonce, (string)envelope["nonce"]!);
        Assert.Equal(Sign(token, timestamp, nonce, encrypt), (string)envelope["msgsignature"]!);
        return new WeComReply(JsonNode.Parse(Open(encrypt))!.AsObject(), envelope);
    }
}
