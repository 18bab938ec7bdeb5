using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NeighborBot.WeChat.Sending;

/// <summary>
/// The template mapping of each account, read from the <c>WeChat</c> section beside the account's
/// keys: <c>WeChat:Accounts:{account}:Templates:{kind}</c>. See <see cref="TemplateOptions"/>.
/// </summary>
public sealed class WeChatTemplateOptions
{
    public Dictionary<string, AccountTemplateOptions> Accounts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class AccountTemplateOptions
{
    /// <summary>Templates by message kind (<see cref="MessageKinds"/>).</summary>
    public Dictionary<string, TemplateOptions> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// One template: <c>Id</c> is the template_id from the console (模板消息 → 我的模板); <c>Fields</c>
/// maps each keyword of the template (<c>character_string1</c>, <c>thing2</c>, <c>time3</c>, ...) to a
/// value in which <c>{name}</c> is replaced by the message's field of that name (<c>{text}</c> falls
/// back to the message's text); an optional <c>Url</c> is filled the same way. Values are cut to
/// WeChat's length limit of their keyword type (thing 20, character_string 32, phrase 5, name 10);
/// an empty value is sent as "-".
/// </summary>
public sealed class TemplateOptions
{
    public string Id { get; set; } = string.Empty;

    public string? Url { get; set; }

    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Checks every configured template at start-up; each failure names the key to fix.</summary>
internal sealed partial class WeChatTemplateOptionsValidator : IValidateOptions<WeChatTemplateOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatTemplateOptions options)
    {
        var failures = new List<string>();
        foreach (var (account, a) in options.Accounts)
        {
            foreach (var (kind, template) in a.Templates)
            {
                var at = $"WeChat:Accounts:{account}:Templates:{kind}";
                if (string.IsNullOrWhiteSpace(template.Id))
                {
                    failures.Add($"{at}:Id is missing (the template_id from the account's console).");
                }

                if (template.Fields.Count == 0)
                {
                    failures.Add($"{at}:Fields is empty: map each keyword of the template, e.g. {at}:Fields:thing2 = \"{{category}}\".");
                }

                foreach (var (keyword, value) in template.Fields)
                {
                    if (!Keyword().IsMatch(keyword))
                    {
                        failures.Add($"{at}:Fields:{keyword}: a keyword is letters and '_' with an optional number, like thing2.");
                    }

                    if (!TemplateCatalog.IsWellFormed(value))
                    {
                        failures.Add($"{at}:Fields:{keyword}: unbalanced braces in \"{value}\"; a placeholder is {{name}}.");
                    }
                }

                if (template.Url is { Length: > 0 } url
                    && (!TemplateCatalog.IsWellFormed(url) || !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))))
                {
                    failures.Add($"{at}:Url must be an absolute http(s) URL (placeholders allowed).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_]+[0-9]*$")]
    private static partial Regex Keyword();
}
