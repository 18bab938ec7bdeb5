using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NeighborBot.WeChat;
using StackExchange.Redis;

namespace NeighborBot.BareEndpoint;

/// <summary>
/// The two yardstick routes. They read the body and query the way the real endpoint does, and use
/// the Core protocol code for signature, decryption and parsing, so the difference to the real
/// callback is the conversation work (engine, responder, reply, seal) and its Redis script.
/// </summary>
internal static class BareCallbackApi
{
    private const string Plain = "text/plain; charset=utf-8";
    private static readonly TimeSpan DedupeWindow = TimeSpan.FromHours(1);

    public static IHostApplicationBuilder AddBareCallback(this IHostApplicationBuilder builder)
    {
        var wechat = builder.Configuration.GetSection(WeChatOptions.Section).Get<WeChatOptions>() ?? new WeChatOptions();
        builder.Services.AddSingleton(Options.Create(wechat));
        builder.Services.AddSingleton<WeChatAccounts>();
        builder.Services.AddSingleton(new BareSettings(
            wechat.MaxClockSkew,
            builder.Configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "bare"));

        // As the real service: one shared multiplexer that keeps retrying instead of failing a request.
        var redis = builder.Configuration.GetConnectionString("Redis");
        builder.Services.AddSingleton(_ =>
        {
            if (string.IsNullOrWhiteSpace(redis))
            {
                return new BareRedis(null);
            }

            var configuration = ConfigurationOptions.Parse(redis);
            configuration.AbortOnConnectFail = false;
            return new BareRedis(ConnectionMultiplexer.Connect(configuration));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapBareCallback(this IEndpointRouteBuilder app)
    {
        // Connect before the first request, not under load.
        _ = app.ServiceProvider.GetRequiredService<BareRedis>();
        app.MapPost("/wechat/mp/{account}", ReceiveAsync);
        app.MapPost("/redis/wechat/mp/{account}", ReceiveWithRedisAsync);
        return app;
    }

    /// <summary>Signature, decrypt, parse; answers <c>success</c>.</summary>
    internal static async Task<Results<ContentHttpResult, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveAsync(
        string account, HttpRequest request, WeChatAccounts accounts, BareSettings settings)
    {
        var (refusal, _) = await OpenAsync(account, request, accounts, settings);
        return refusal ?? TypedResults.Text(WeChatCallback.NoReply, Plain);
    }

    /// <summary>
    /// The same, plus the shape of the callback's first Redis round trip: claim the delivery
    /// (<c>SET NX EX</c>) and read the sender's state (<c>GET</c>), both sent before either is awaited.
    /// </summary>
    internal static async Task<Results<ContentHttpResult, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveWithRedisAsync(
        string account, HttpRequest request, WeChatAccounts accounts, BareSettings settings, BareRedis redis)
    {
        if (redis.Multiplexer is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var (refusal, message) = await OpenAsync(account, request, accounts, settings);
        if (refusal is not null)
        {
            return refusal;
        }

        var person = $"{settings.KeyPrefix}:{{mp:{account}:{message!.FromUserName}}}";
        var db = redis.Multiplexer.GetDatabase();
        var claim = db.StringSetAsync(person + ":seen:" + message.DedupeId, "p", DedupeWindow, When.NotExists);
        var state = db.StringGetAsync(person + ":state");
        await Task.WhenAll(claim, state);
        return TypedResults.Text(WeChatCallback.NoReply, Plain);
    }

    private static async Task<(Results<ContentHttpResult, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>? Refusal, InboundMessage? Message)> OpenAsync(
        string account, HttpRequest request, WeChatAccounts accounts, BareSettings settings)
    {
        if (accounts.Find(account) is not { } found)
        {
            return (TypedResults.NotFound(), null);
        }

        var body = await RequestBody.ReadAsync(request, WeChatCallback.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return (TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge), null);
        }

        var query = CallbackRequest.ReadQuery(request);
        try
        {
            WeChatCallback.CheckSignature(found, query, settings.MaxClockSkew, TimeProvider.System.GetUtcNow());
            return (null, WeChatCallback.Open(found, query, body));
        }
        catch (WeChatProtocolException ex)
        {
            return (ex.Refusal == WeChatRefusal.BadSignature
                ? TypedResults.Unauthorized()
                : TypedResults.BadRequest("The request is not a valid WeChat callback."), null);
        }
    }
}

/// <summary>What the bare routes need besides the accounts.</summary>
internal sealed record BareSettings(TimeSpan MaxClockSkew, string KeyPrefix);

/// <summary>The Redis connection, or none when <c>ConnectionStrings:Redis</c> is empty.</summary>
internal sealed class BareRedis(ConnectionMultiplexer? multiplexer) : IDisposable
{
    public ConnectionMultiplexer? Multiplexer { get; } = multiplexer;

    public void Dispose() => Multiplexer?.Dispose();
}
