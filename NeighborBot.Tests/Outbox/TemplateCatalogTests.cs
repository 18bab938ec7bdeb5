using Microsoft.Extensions.Options;
using NeighborBot.Outbox;
using NeighborBot.WeChat.Sending;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Outbox;

/// <summary>The template mapping: from a message's fields to a template's keyword values.</summary>
public sealed class TemplateCatalogTests
{
    private static TemplateCatalog Catalog(TemplateOptions template) => new(Options.Create(new WeChatTemplateOptions
    {
        Accounts = { ["demo"] = new AccountTemplateOptions { Templates = { [MessageKinds.Assignment] = template } } },
    }));

    private static OutboundMessage Message(Dictionary<string, string> fields, string text = "正文") =>
        new("20260712-0042:e1:w1", Someone(), MessageKinds.Assignment, text, fields);

    [Fact]
    public void Placeholders_are_filled_from_the_message_fields_and_the_text()
    {
        var catalog = Catalog(new TemplateOptions
        {
            Id = "tpl",
            Url = "https://example.invalid/t/{number}?from={reporter}",
            Fields = { ["character_string1"] = "{number}", ["thing2"] = "{Category}：{text}", ["time3"] = "{deadline}", ["thing4"] = "{missing}" },
        });

        var rendered = catalog.Render("DEMO", Message(new() { ["number"] = "20260712-0042", ["category"] = "报修", ["deadline"] = "2026-07-12 21:00", ["reporter"] = "a b" }), out var problem);

        Assert.Null(problem);
        Assert.Equal("tpl", rendered!.TemplateId);
        Assert.Equal(
            new Dictionary<string, string> { ["character_string1"] = "20260712-0042", ["thing2"] = "报修：正文", ["time3"] = "2026-07-12 21:00", ["thing4"] = "-" },
            rendered.Data);
        Assert.Equal("https://example.invalid/t/20260712-0042?from=a%20b", rendered.Url);
    }

    [Fact]
    public void Values_are_cut_to_the_length_WeChat_allows_for_their_keyword_type()
    {
        var catalog = Catalog(new TemplateOptions { Id = "tpl", Fields = { ["thing2"] = "{text}", ["phrase3"] = "{status}", ["time4"] = "{text}" } });
        var longText = new string('灯', 30);

        var rendered = catalog.Render("demo", Message(new() { ["status"] = "已受理待处理" }, longText), out _);

        Assert.Equal(new string('灯', 19) + "…", rendered!.Data["thing2"]);
        Assert.Equal("已受理待…", rendered.Data["phrase3"]);
        Assert.Equal(longText, rendered.Data["time4"]);
    }

    [Fact]
    public void A_kind_without_a_template_names_the_key_to_configure()
    {
        var catalog = Catalog(new TemplateOptions { Id = "tpl", Fields = { ["thing2"] = "{text}" } });

        var rendered = catalog.Render("demo", Message([]) with { Kind = MessageKinds.Rating }, out var problem);

        Assert.Null(rendered);
        Assert.Contains("WeChat:Accounts:demo:Templates:rating", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_settings_are_checked_at_start_and_each_problem_names_its_key()
    {
        var options = new WeChatTemplateOptions
        {
            Accounts =
            {
                ["demo"] = new AccountTemplateOptions
                {
                    Templates =
                    {
                        ["assignment"] = new TemplateOptions { Id = "", Fields = { ["thing-2"] = "{number" }, Url = "/relative" },
                        ["progress"] = new TemplateOptions { Id = "tpl" },
                        ["rating"] = new TemplateOptions { Id = "tpl", Fields = { ["thing2"] = "{number}号" }, Url = "https://x.invalid/{number}" },
                    },
                },
            },
        };

        var result = new WeChatTemplateOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "WeChat:Accounts:demo:Templates:assignment:Id is missing (the template_id from the account's console).",
                "WeChat:Accounts:demo:Templates:assignment:Fields:thing-2: a keyword is letters and '_' with an optional number, like thing2.",
                "WeChat:Accounts:demo:Templates:assignment:Fields:thing-2: unbalanced braces in \"{number\"; a placeholder is {name}.",
                "WeChat:Accounts:demo:Templates:assignment:Url must be an absolute http(s) URL (placeholders allowed).",
                "WeChat:Accounts:demo:Templates:progress:Fields is empty: map each keyword of the template, e.g. WeChat:Accounts:demo:Templates:progress:Fields:thing2 = \"{category}\".",
            ],
            result.Failures);
    }
}
