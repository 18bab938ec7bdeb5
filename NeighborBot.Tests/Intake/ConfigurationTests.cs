using System.Text;
using Microsoft.Extensions.Configuration;
using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>What admins add in the Intake section takes effect without a rebuild; what cannot be used stops start-up.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void A_new_keyword_makes_a_new_message_match()
    {
        var before = new IntakeAnalyzer(IntakeRules.Default).Analyze("快递驿站的货架塌了");
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Keywords = { ["repair"] = ["货架|3"] } });

        var after = new IntakeAnalyzer(rules).Analyze("快递驿站的货架塌了");

        Assert.NotEqual(IntakeCategories.Repair, before.Category);
        Assert.Equal(IntakeCategories.Repair, after.Category);
    }

    [Fact]
    public void A_keyword_without_a_weight_gets_the_default_weight()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Keywords = { ["environment"] = ["鸽子粪"] } });

        Assert.Equal(IntakeCategories.Environment, new IntakeAnalyzer(rules).Analyze("阳台上全是鸽子粪").Category);
    }

    [Fact]
    public void A_new_urgent_phrase_makes_a_message_urgent_with_its_hazard()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions
        {
            UrgentPhrases = { ["drowning"] = ["掉进水池"] },
            HazardCategories = { ["drowning"] = "hazard" },
        });

        var result = new IntakeAnalyzer(rules).Analyze("有个小孩掉进水池了");

        Assert.True(result.Urgent);
        Assert.Equal("drowning", result.Problems[0].Hazard);
        Assert.Equal(IntakeCategories.Hazard, result.Category);
    }

    [Fact]
    public void A_new_place_is_read_as_a_location()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Places = { ["菜鸟驿站"] = ["快递站", "驿站"] } });

        Assert.Equal(new IntakeLocation(null, null, null, "菜鸟驿站"), new IntakeAnalyzer(rules).ExtractLocation("驿站门口的灯坏了"));
    }

    [Fact]
    public void A_new_homophone_correction_is_applied()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Corrections = { ["路等"] = "路灯" } });

        Assert.Equal(IntakeCategories.Repair, new IntakeAnalyzer(rules).Analyze("东门的路等不亮了").Category);
    }

    [Fact]
    public void A_new_non_ticket_phrase_stops_a_ticket()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions { NonTicketPhrases = { ["Thanks"] = ["感恩"] } });

        Assert.Equal(IntakeIntent.Thanks, new IntakeAnalyzer(rules).Analyze("感恩").Intent);
    }

    [Fact]
    public void An_ignored_phrase_hides_the_keyword_inside_it()
    {
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Keywords = { ["ignore"] = ["垃圾短信"] } });

        Assert.NotEqual(IntakeCategories.Environment, new IntakeAnalyzer(rules).Analyze("老是收到垃圾短信").Category);
    }

    [Fact]
    public void An_ignored_phrase_also_hides_a_word_of_a_co_occurrence_rule()
    {
        const string text = "我正在核对转账记录";
        var rules = IntakeRules.Default.Merge(new IntakeOptions { Keywords = { ["ignore"] = ["转账记录"] } });

        Assert.True(new IntakeAnalyzer(IntakeRules.Default).Analyze(text).Urgent);
        Assert.False(new IntakeAnalyzer(rules).Analyze(text).Urgent);
    }

    [Fact]
    public void Merged_rules_keep_the_built_in_co_occurrence_rules()
    {
        var merged = new IntakeAnalyzer(IntakeRules.Default.Merge(new IntakeOptions()));

        Assert.Equal(IntakeHazards.Fraud, merged.Analyze("我妈正在给骗子转钱").Problems[0].Hazard);
        Assert.Equal(IntakeHazards.Elevator, merged.Analyze("孩子关电梯里了").Problems[0].Hazard);
    }

    [Fact]
    public void Merging_leaves_the_default_rules_unchanged()
    {
        _ = IntakeRules.Default.Merge(new IntakeOptions { Keywords = { ["repair"] = ["货架|3"] } });

        Assert.NotEqual(IntakeCategories.Repair, new IntakeAnalyzer(IntakeRules.Default).Analyze("快递驿站的货架塌了").Category);
    }

    [Fact]
    public void The_intake_section_binds_from_appsettings_json()
    {
        const string json = """
            {
              "Intake": {
                "Keywords": { "repair": [ "货架|3" ], "ignore": [ "垃圾短信" ] },
                "UrgentPhrases": { "drowning": [ "掉进水池" ] },
                "Places": { "菜鸟驿站": [ "驿站" ] },
                "Corrections": { "路等": "路灯" },
                "NonTicketPhrases": { "Thanks": [ "感恩" ] }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var options = configuration.GetSection(IntakeOptions.Section).Get<IntakeOptions>()!;

        var analyzer = new IntakeAnalyzer(IntakeRules.Default.Merge(options));

        Assert.Equal(IntakeCategories.Repair, analyzer.Analyze("快递驿站的货架塌了").Category);
        Assert.True(analyzer.Analyze("孩子掉进水池了").Urgent);
        Assert.Equal("菜鸟驿站", analyzer.ExtractLocation("驿站门口")?.Place);
        Assert.Equal(IntakeCategories.Repair, analyzer.Analyze("路等不亮了").Category);
        Assert.Equal(IntakeIntent.Thanks, analyzer.Analyze("感恩").Intent);
    }

    [Fact]
    public void Options_that_cannot_be_used_are_refused_with_every_problem_named()
    {
        var options = new IntakeOptions
        {
            Keywords = { ["repairs"] = ["灯"], ["repair"] = ["货架|99", ""] },
            HazardCategories = { ["drowning"] = "danger" },
            NonTicketPhrases = { ["Bye"] = ["再见"] },
        };

        var result = new IntakeOptionsValidator().Validate(null, options);
        var thrown = Assert.Throws<ArgumentException>(() => IntakeRules.Default.Merge(options));

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
        Assert.Contains("repairs", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_options_change_nothing()
    {
        var merged = new IntakeAnalyzer(IntakeRules.Default.Merge(new IntakeOptions()));

        Assert.Equal(IntakeCategories.Repair, merged.Analyze("5号楼楼道灯坏了").Category);
        Assert.Equal(IntakeRules.Default.PlaceNames.Count, IntakeRules.Default.Merge(new IntakeOptions()).PlaceNames.Count);
    }
}
