using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.WeChat.Api;

internal sealed record StableTokenRequest(string GrantType, string Appid, string Secret, bool ForceRefresh);

internal sealed record CustomTextRequest(string Touser, string Msgtype, CustomText Text);

internal sealed record CustomText(string Content);

internal sealed record CustomNewsRequest(string Touser, string Msgtype, CustomNews News);

internal sealed record CustomNews(IReadOnlyList<NewsArticle> Articles);

internal sealed record NewsArticle(string Title, string Description, string Url, string? Picurl);

internal sealed record MassTextRequest(MassFilter Filter, string Msgtype, CustomText Text, string? Clientmsgid);

internal sealed record MassFilter(bool IsToAll);

internal sealed record TemplateSendRequest(string Touser, string TemplateId, string? Url, string? ClientMsgId, IReadOnlyDictionary<string, TemplateValue> Data);

internal sealed record TemplateValue(string Value);

/// <summary>Every answer of the API has this shape (fields absent when they do not apply).</summary>
internal sealed record WeChatReply(int Errcode, string? Errmsg, long? Msgid, string? AccessToken, int? ExpiresIn, long? MsgDataId = null);

/// <summary>WeChat's JSON: snake_case names, and Chinese text written as it is (not as \u escapes, which count against length limits).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StableTokenRequest))]
[JsonSerializable(typeof(CustomTextRequest))]
[JsonSerializable(typeof(TemplateSendRequest))]
[JsonSerializable(typeof(CustomNewsRequest))]
[JsonSerializable(typeof(MassTextRequest))]
[JsonSerializable(typeof(WeChatReply))]
internal sealed partial class WeChatApiJson : JsonSerializerContext
{
    public static WeChatApiJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The body is JSON read by WeChat, never HTML, so the relaxed encoder is safe here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
