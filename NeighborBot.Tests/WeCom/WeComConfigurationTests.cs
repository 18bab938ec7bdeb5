using NeighborBot.Jobs;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.WeCom;

/// <summary>The WeCom settings are checked at start-up: a wrong one stops the host and names its key, never its value.</summary>
public sealed class WeComConfigurationTests
{
    [Theory]
    [InlineData("WeCom:Bots:test:Token", null, "WeCom:Bots:test:Token")]
    [InlineData("WeCom:Bots:test:Token", "has spaces in it", "WeCom:Bots:test:Token")]
    [InlineData("WeCom:Bots:test:EncodingAESKey", "tooshort", "WeCom:Bots:test:EncodingAESKey")]
    [InlineData("WeCom:RobotBaseUrl", "qyapi.weixin.qq.com", "WeCom:RobotBaseUrl")]
    [InlineData("WeCom:RobotSendsPerMinute", "21", "WeCom:RobotSendsPerMinute")]
    [InlineData("WeCom:MaxClockSkew", "-00:01:00", "WeCom:MaxClockSkew")]
    [InlineData("Groups:wrkBadRobot:Robot", "not a key!", "Groups:wrkBadRobot:Robot")]
    [InlineData("Groups:wrkBadRobot:Robot", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?nokey=1", "Groups:wrkBadRobot:Robot")]
    public void A_wrong_setting_stops_start_up_and_names_its_key(string key, string? value, string expected)
    {
        using var host = new NeighborBotFactory(useRedis: false).WithWeCom().With(key, value);

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
        var failed = Assert.Single(host.Logs, l => l.Message == "Hosting failed to start");
        var failures = StartupProblems.ConfigurationFailures(failed.Exception!);
        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        if (value is { Length: > 3 })
        {
            Assert.DoesNotContain(failures, f => f.Contains(value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Without_any_robot_the_host_starts()
    {
        using var host = new NeighborBotFactory(useRedis: false);

        Assert.NotNull(host.CreateClient());
    }
}
