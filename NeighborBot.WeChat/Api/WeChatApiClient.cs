using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using NeighborBot.Conversations;

namespace NeighborBot.WeChat.Api;

/// <summary>What WeChat answered: <c>errcode</c> 0 when it took the message; <c>msgid</c> for template sends.</summary>
public sealed record WeChatResult(int ErrCode, string? ErrMsg, long? MsgId = null)
{
    public bool Ok => ErrCode == WeChatErrors.Ok;
}

/// <summary>
/// WeChat's outbound API for the configured Official Accounts (a typed HttpClient; resilience in
/// <see cref="WeChatApiPolicies"/>). Every call carries the account's shared access token; when WeChat
/// refuses it (40001, 40014, 42001) the token is refreshed once and the call made once more.
/// WeChat's refusals come back as a <see cref="WeChatResult"/>; a call that failed without an answer
/// (HTTP 5xx after the retries, timeout, open circuit, no token) throws, and
/// <see cref="WeChatErrors.CertainlyNotSent"/> tells whether it may have delivered.
/// </summary>
public sealed class WeChatApiClient
{
    internal const string StableTokenPath = "cgi-bin/stable_token";
    internal const string CustomSendPath = "cgi-bin/message/custom/send";
    internal const string TemplateSendPath = "cgi-bin/message/template/send";
    internal const string MassSendAllPath = "cgi-bin/message/mass/sendall";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly WeChatAccounts _accounts;
    private readonly AccessTokenCache _tokens;
    private readonly ILogger<WeChatApiClient> _logger;

    internal WeChatApiClient(HttpClient http, WeChatAccounts accounts, AccessTokenCache tokens, ILogger<WeChatApiClient> logger)
    {
        _http = http;
        _accounts = accounts;
        _tokens = tokens;
        _logger = logger;
    }

    /// <summary>
    /// A customer-service text (<c>POST /cgi-bin/message/custom/send</c>), allowed within 48 h of the
    /// person's last message. Not idempotent: retried only when the attempt certainly did not deliver.
    /// </summary>
    public Task<WeChatResult> SendCustomTextAsync(string account, string openId, string text, CancellationToken cancellationToken)
    {
        var request = new CustomTextRequest(openId, "text", new CustomText(text));
        return CallAsync(Find(account), CustomSendPath, Body(request, WeChatApiJson.Wire.CustomTextRequest), idempotent: false, cancellationToken);
    }

    /// <summary>
    /// A customer-service news card (<c>msgtype: news</c>, one article: title, description, link), within
    /// the same 48 h window as a text. Not idempotent, like a text.
    /// </summary>
    public Task<WeChatResult> SendCustomNewsAsync(string account, string openId, string title, string description, string url, CancellationToken cancellationToken)
    {
        var request = new CustomNewsRequest(openId, "news", new CustomNews([new NewsArticle(title, description, url, null)]));
        return CallAsync(Find(account), CustomSendPath, Body(request, WeChatApiJson.Wire.CustomNewsRequest), idempotent: false, cancellationToken);
    }

    /// <summary>
    /// A mass text to every follower (<c>POST /cgi-bin/message/mass/sendall</c>, <c>is_to_all</c>). Each
    /// follower receives at most 4 mass messages a month; <paramref name="clientMsgId"/> (up to 64 bytes)
    /// makes WeChat send one id once (45065 on a repeat), so it is retried even after a timeout.
    /// </summary>
    public Task<WeChatResult> SendMassTextAsync(string account, string text, string clientMsgId, CancellationToken cancellationToken)
    {
        var request = new MassTextRequest(new MassFilter(true), "text", new CustomText(text), clientMsgId);
        return CallAsync(Find(account), MassSendAllPath, Body(request, WeChatApiJson.Wire.MassTextRequest), idempotent: true, cancellationToken);
    }

    /// <summary>
    /// A template message (<c>POST /cgi-bin/message/template/send</c>); <paramref name="data"/> maps the
    /// template's keywords to their values. With a <paramref name="clientMsgId"/> WeChat sends the same
    /// openid + id once within 10 minutes, so such a send is retried even after a timeout; without one
    /// it is treated like a customer-service send.
    /// </summary>
    public Task<WeChatResult> SendTemplateAsync(
        string account,
        string openId,
        string templateId,
        IReadOnlyDictionary<string, string> data,
        string? url,
        string? clientMsgId,
        CancellationToken cancellationToken)
    {
        var request = new TemplateSendRequest(
            openId, templateId, url, clientMsgId, data.ToDictionary(d => d.Key, d => new TemplateValue(d.Value), StringComparer.Ordinal));
        return CallAsync(Find(account), TemplateSendPath, Body(request, WeChatApiJson.Wire.TemplateSendRequest), idempotent: clientMsgId is not null, cancellationToken);
    }

    /// <summary>
    /// A token from <c>POST /cgi-bin/stable_token</c> in normal mode (<c>force_refresh: false</c>): every
    /// instance may call it without invalidating the others' token.
    /// </summary>
    internal async Task<IssuedToken> FetchStableTokenAsync(WeChatAccount account, CancellationToken cancellationToken)
    {
        var body = Body(new StableTokenRequest("client_credential", account.AppId, account.AppSecret, ForceRefresh: false), WeChatApiJson.Wire.StableTokenRequest);
        WeChatReply reply;
        try
        {
            reply = await PostAsync(StableTokenPath, token: null, body, idempotent: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new WeChatTokenException($"Could not get an access token for account {account.Name}: {ex.GetType().Name}.", ex);
        }

        if (reply.Errcode != WeChatErrors.Ok || string.IsNullOrEmpty(reply.AccessToken) || reply.ExpiresIn is not { } seconds)
        {
            Log.TokenRefused(_logger, account.Name, reply.Errcode, WeChatErrors.Describe(reply.Errcode));
            throw new WeChatTokenException(
                $"WeChat refused an access token for account {account.Name}: errcode {reply.Errcode} ({WeChatErrors.Describe(reply.Errcode)}).", reply.Errcode);
        }

        return new IssuedToken(reply.AccessToken, TimeSpan.FromSeconds(seconds));
    }

    private async Task<WeChatResult> CallAsync(WeChatAccount account, string path, byte[] body, bool idempotent, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(account, cancellationToken).ConfigureAwait(false);
        var reply = await PostAsync(path, token, body, idempotent, cancellationToken).ConfigureAwait(false);
        if (WeChatErrors.IsTokenRejected(reply.Errcode))
        {
            // The call was refused as a whole (nothing delivered): refresh once, try once more.
            Log.TokenRejected(_logger, account.Name, reply.Errcode);
            await _tokens.DropAsync(account.AppId, token, cancellationToken).ConfigureAwait(false);
            token = await TokenAsync(account, cancellationToken).ConfigureAwait(false);
            reply = await PostAsync(path, token, body, idempotent, cancellationToken).ConfigureAwait(false);
        }

        return new WeChatResult(reply.Errcode, reply.Errmsg, reply.Msgid ?? reply.MsgDataId);
    }

    private async Task<string> TokenAsync(WeChatAccount account, CancellationToken cancellationToken)
    {
        try
        {
            return await _tokens.GetAsync(account.AppId, ct => FetchStableTokenAsync(account, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not WeChatTokenException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // Whatever failed (the store, the wait), nothing was sent yet.
            throw new WeChatTokenException($"Could not get an access token for account {account.Name}: {ex.GetType().Name}.", ex);
        }
    }

    private async Task<WeChatReply> PostAsync(string path, string? token, byte[] body, bool idempotent, CancellationToken cancellationToken)
    {
        var uri = token is null ? path : $"{path}?access_token={Uri.EscapeDataString(token)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Options.Set(WeChatApiPolicies.Idempotent, idempotent);

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Never the request URI in a message: it holds the token.
            throw new HttpRequestException(HttpRequestError.Unknown, $"WeChat answered HTTP {(int)response.StatusCode} to {path}.", null, response.StatusCode);
        }

        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, WeChatApiJson.Wire.WeChatReply)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, $"WeChat's answer to {path} is not the expected JSON.", ex);
        }
    }

    private WeChatAccount Find(string account) =>
        _accounts.Find(account) ?? throw new ArgumentException($"No WeChat account '{account}' is configured (WeChat:Accounts).", nameof(account));

    private static byte[] Body<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
