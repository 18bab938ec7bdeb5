using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.WeChat;

namespace NeighborBot.Api.WeChat;

/// <summary>The Official Account callback, <c>/wechat/mp/{account}</c>.</summary>
internal static class WeChatApi
{
    private const string Xml = "text/xml; charset=utf-8";
    private const string Plain = "text/plain; charset=utf-8";

    public static IEndpointRouteBuilder MapWeChatCallback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wechat/mp/{account}").WithTags("WeChat");
        group.MapGet("", Verify);
        group.MapPost("", ReceiveAsync);
        return app;
    }

    /// <summary>URL verification: echo <c>echostr</c> when the signature holds.</summary>
    internal static Results<ContentHttpResult, NotFound, UnauthorizedHttpResult> Verify(
        string account, HttpRequest request, WeChatAccounts accounts, WeChatCallback callback, ILogger<WeChatCallback> logger)
    {
        if (accounts.Find(account) is not { } found)
        {
            Log.UnknownAccount(logger, account);
            return TypedResults.NotFound();
        }

        try
        {
            return TypedResults.Text(callback.VerifyUrl(found, CallbackRequest.ReadQuery(request)), Plain);
        }
        catch (WeChatProtocolException ex)
        {
            Log.Refused(logger, found.Name, ex.Refusal, ex.Message, request.HttpContext.Connection.RemoteIpAddress?.ToString());
            return TypedResults.Unauthorized();
        }
    }

    /// <summary>A pushed message or event: the passive reply, or <c>success</c> when there is nothing to say.</summary>
    internal static async Task<Results<ContentHttpResult, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveAsync(
        string account, HttpRequest request, WeChatAccounts accounts, WeChatCallback callback, ILogger<WeChatCallback> logger)
    {
        if (accounts.Find(account) is not { } found)
        {
            Log.UnknownAccount(logger, account);
            return TypedResults.NotFound();
        }

        var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var body = await RequestBody.ReadAsync(request, WeChatCallback.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            Log.TooLarge(logger, found.Name, request.ContentLength, remote);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            var answer = await callback.ReceiveAsync(found, CallbackRequest.ReadQuery(request), body, request.HttpContext.RequestAborted);
            return TypedResults.Text(answer, ReferenceEquals(answer, WeChatCallback.NoReply) ? Plain : Xml);
        }
        catch (WeChatProtocolException ex)
        {
            if (ex.IsSecurityEvent)
            {
                Log.Forged(logger, found.Name, ex.Refusal, ex.Message, remote);
            }
            else
            {
                Log.Refused(logger, found.Name, ex.Refusal, ex.Message, remote);
            }

            // Not WeChat's own (bad signature, a replayed URL, a body for another sender): 401, as a bad signature.
            return ex.IsUnauthorized
                ? TypedResults.Unauthorized()
                : TypedResults.BadRequest("The request is not a valid WeChat callback.");
        }
    }
}
