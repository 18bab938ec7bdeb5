using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NeighborBot.Outbox;

namespace NeighborBot.WeChat.Sending;

/// <summary>A template send ready to go: the template id, the keyword values and the link.</summary>
internal sealed record RenderedTemplate(string TemplateId, IReadOnlyDictionary<string, string> Data, string? Url);

/// <summary>Turns a message into the account's template for its kind (see <see cref="TemplateOptions"/>).</summary>
internal sealed partial class TemplateCatalog(IOptions<WeChatTemplateOptions> options)
{
    private const string Empty = "-";

    /// <summary>The template data, or why there is none (<paramref name="problem"/>).</summary>
    public RenderedTemplate? Render(string account, OutboundMessage message, out string? problem)
    {
        if (!options.Value.Accounts.TryGetValue(account, out var a) || !a.Templates.TryGetValue(message.Kind, out var template))
        {
            problem = $"no template is configured for kind '{message.Kind}' on account '{account}' (WeChat:Accounts:{account}:Templates:{message.Kind})";
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyword, value) in template.Fields)
        {
            var filled = Fill(value, message).Trim();
            data[keyword] = filled.Length == 0 ? Empty : Cut(filled, LimitOf(keyword));
        }

        var url = string.IsNullOrWhiteSpace(template.Url) ? null : Fill(template.Url, message, Uri.EscapeDataString);
        problem = null;
        return new RenderedTemplate(template.Id, data, url);
    }

    internal static bool IsWellFormed(string value) => Placeholder().Replace(value, string.Empty).AsSpan().IndexOfAny('{', '}') < 0;

    private static string Fill(string value, OutboundMessage message, Func<string, string>? escape = null) =>
        Placeholder().Replace(value, m =>
        {
            var name = m.Groups[1].Value;
            var field = message.Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value
                ?? (string.Equals(name, "text", StringComparison.OrdinalIgnoreCase) ? message.Text : string.Empty);
            return escape is null ? field : escape(field);
        });

    /// <summary>WeChat's length limit of a keyword type (the keyword less its number): thing2 → thing → 20.</summary>
    private static int? LimitOf(string keyword) => keyword.TrimEnd("0123456789".ToCharArray()) switch
    {
        "thing" => 20,
        "character_string" => 32,
        "phrase" => 5,
        "name" => 10,
        "car_number" => 8,
        "phone_number" => 17,
        _ => null,
    };

    /// <summary>At most <paramref name="limit"/> text elements, the last one "…" when cut.</summary>
    private static string Cut(string value, int? limit)
    {
        if (limit is not { } max || value.Length <= max)
        {
            return value;
        }

        var elements = StringInfoElements(value);
        if (elements.Count <= max)
        {
            return value;
        }

        var sb = new StringBuilder();
        foreach (var e in elements.Take(max - 1))
        {
            sb.Append(e);
        }

        return sb.Append('…').ToString();
    }

    private static List<string> StringInfoElements(string value)
    {
        var list = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(value);
        while (e.MoveNext())
        {
            list.Add(e.GetTextElement());
        }

        return list;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();
}
