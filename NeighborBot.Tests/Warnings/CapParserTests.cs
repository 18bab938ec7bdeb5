using NeighborBot.Warnings;

namespace NeighborBot.Tests.Warnings;

/// <summary>Reading CAP 1.2: the fields warnings use, colour words, references, documents that are not CAP; which alerts concern the community.</summary>
public sealed class CapParserTests
{
    [Fact]
    public void An_alert_is_read_with_its_info_area_codes_and_times()
    {
        var problems = new List<string>();
        var alert = Assert.Single(CapParser.Parse(Cap.Read("new-orange.xml"), problems));

        Assert.Empty(problems);
        Assert.Equal(("41010041600000_20270712080500_1", "郑州市气象台", "Alert", "Actual"), (alert.Identifier, alert.Sender, alert.MsgType, alert.Status));
        Assert.Equal(new DateTimeOffset(2027, 7, 12, 0, 5, 0, TimeSpan.Zero), alert.Sent);
        var info = Assert.Single(alert.Infos);
        Assert.Equal(("暴雨", CapSeverity.Severe, "zh-CN"), (info.Event, info.Severity, info.Language));
        Assert.Equal(["410105", "410103"], info.Areas.SelectMany(a => a.Codes));
        Assert.Equal(new DateTimeOffset(2027, 7, 12, 12, 0, 0, TimeSpan.Zero), info.Expires);
    }

    [Fact]
    public void A_cancel_refers_to_every_earlier_alert_by_sender_and_identifier()
    {
        var alert = Assert.Single(CapParser.Parse(Cap.Read("cancel.xml"), []));

        Assert.Equal("Cancel", alert.MsgType);
        Assert.Equal(["郑州市气象台,41010041600000_20270712080500_1", "郑州市气象台,41010041600000_20270712103000_2"], alert.References.Select(r => r.Key));
    }

    [Theory]
    [InlineData("Extreme", CapSeverity.Extreme)]
    [InlineData("severe", CapSeverity.Severe)]
    [InlineData("红色", CapSeverity.Extreme)]
    [InlineData("暴雨橙色预警", CapSeverity.Severe)]
    [InlineData("Yellow", CapSeverity.Moderate)]
    [InlineData("Ⅳ级", CapSeverity.Minor)]
    [InlineData("紫色", CapSeverity.Unknown)]
    [InlineData("", CapSeverity.Unknown)]
    public void Severity_is_read_from_cap_words_and_china_colour_words(string text, CapSeverity expected) =>
        Assert.Equal(expected, CapParser.SeverityOf(text));

    [Fact]
    public void A_colour_in_the_event_name_stands_for_a_missing_severity()
    {
        var alerts = CapParser.Parse(Cap.Read("others.xml"), []);

        Assert.Equal(CapSeverity.Minor, alerts.Single(a => a.Identifier.EndsWith("060000_1", StringComparison.Ordinal)).Infos[0].Severity);
    }

    [Fact]
    public void An_alert_without_an_identifier_is_skipped_and_named_and_the_others_are_read()
    {
        var problems = new List<string>();

        Assert.Equal(4, CapParser.Parse(Cap.Read("others.xml"), problems).Count);
        Assert.Equal(["an alert without 'identifier'"], problems);
    }

    [Theory]
    [InlineData("malformed.xml", "not XML")]
    [InlineData(null, "no CAP 1.2 alert")]
    public void A_document_that_is_not_cap_says_why(string? fixture, string why)
    {
        var xml = fixture is null ? "<rss><channel><title>天气</title></channel></rss>" : Cap.Read(fixture);

        Assert.StartsWith(why, Assert.Throws<CapFormatException>(() => CapParser.Parse(xml, [])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_expanded()
    {
        const string Bomb = """<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&y;</identifier></alert>""";

        Assert.StartsWith("not XML", Assert.Throws<CapFormatException>(() => CapParser.Parse(Bomb, [])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("410105", true)]      // the district itself
    [InlineData("410105003", true)]   // a street within it
    [InlineData("410100", true)]      // the city holding it
    [InlineData("410000", true)]      // the province
    [InlineData("410103", false)]     // a neighbouring district
    [InlineData("410300", false)]     // another city
    public void An_alert_concerns_the_community_when_its_area_is_within_or_holds_the_configured_code(string code, bool concerns)
    {
        var options = new WarningOptions { AreaCodes = ["410105"] };
        var info = new CapInfo("zh-CN", "暴雨", CapSeverity.Severe, null, null, null, null, [new CapArea("某地", [code])]);

        Assert.Equal(concerns, options.Concerns(info));
    }
}

/// <summary>The <c>Warnings</c> section is checked at start and every failure names its key.</summary>
public sealed class WarningOptionsTests
{
    [Fact]
    public void Feeds_without_area_codes_a_bad_url_a_threshold_upside_down_and_a_bad_cron_are_each_named()
    {
        var options = new WarningOptions
        {
            Feeds = [new AlertFeed { Name = "a", Url = "ftp://x" }, new AlertFeed { Name = "b", Url = "https://x.example/cap.xml" }],
            MinSeverity = CapSeverity.Severe,
            TransferFrom = CapSeverity.Moderate,
            PollCron = "every five minutes",
        };

        var result = new WarningOptionsValidator(TimeProvider.System).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Warnings:Feeds:0", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Warnings:AreaCodes", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Warnings:MinSeverity", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Warnings:PollCron", f, StringComparison.Ordinal));
    }

    [Fact]
    public void No_feeds_is_a_valid_setting_warnings_are_then_issued_by_hand() =>
        Assert.True(new WarningOptionsValidator(TimeProvider.System).Validate(null, new WarningOptions()).Succeeded);
}
