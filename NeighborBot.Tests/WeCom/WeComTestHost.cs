using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.WeCom;

/// <summary>The WeCom side of the test hosts: one smart robot, a community whose group 3号楼住户群 is mapped, and the group's robot webhook.</summary>
public static class WeComTestHost
{
    public const string Bot = "test";
    public const string BotName = "社区小助手";
    public const string MappedGroup = "wrkSFfCgAAtMQKg4xqDatM5C9IpRz8JA";

    /// <summary>A group whose id holds a colon, written with '_' in its configuration key.</summary>
    public const string ColonGroup = "wr:colon:group";

    /// <summary>The webhook key of the mapped group's robot (a secret: it must show up nowhere but in the post's URL).</summary>
    public const string RobotKey = "5b8e7c21-93f4-4d0a-8a61-4f2c9d0e7b13";

    public const string ColonRobotKey = "0d6c2f8a-1b3e-4c5d-9e7f-a8b9c0d1e2f3";

    /// <summary>A grid worker known in the robot's groups as <c>zhangwei</c>.</summary>
    public const string WorkerUser = "zhangwei";

    public const string WorkerId = "w_g1";

    public static string Source => GroupAddress.WeCom(Bot);

    /// <summary>The robot's callback settings and the groups' robots on a host.</summary>
    public static NeighborBotFactory WithWeCom(this NeighborBotFactory host, FakeWeComRobot? robot = null)
    {
        host.With($"WeCom:Bots:{Bot}:Token", WeComVectors.Token)
            .With($"WeCom:Bots:{Bot}:EncodingAESKey", WeComVectors.EncodingAesKey)
            .With($"WeCom:Bots:{Bot}:Name", BotName)
            .With($"Groups:{MappedGroup}:Robot", RobotKey)
            .With("Groups:wr_colon_group:Robot", $"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={ColonRobotKey}");
        if (robot is not null)
        {
            host.With("WeCom:RobotBaseUrl", robot.BaseUrl);
        }

        return host;
    }

    public static WeComSide Side(this NeighborBotFactory host) =>
        new(host.CreateClient(), Bot, WeComVectors.Token, WeComVectors.EncodingAesKey);

    public static DirectoryDocument Directory() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7, 8] },
        ],
        Households = [new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501" }],
        People =
        [
            new Person
            {
                Id = WorkerId, Name = "张伟", Phone = "13800000001", OpenId = "o_w_g1", Roles = [Role.GridWorker], Grids = ["g1"],
                Identities = [$"wecom:{Bot}:{WorkerUser}"],
            },
            new Person { Id = "l_g1", Name = "李娜", Phone = "13800000002", OpenId = "o_l_g1", Roles = [Role.GridLeader], Grids = ["g1"] },
            new Person { Id = "s1", Name = "王强", Phone = "13800000003", OpenId = "o_s1", Roles = [Role.Secretary] },
            new Person { Id = "p_wuye", Name = "赵敏", Phone = "13800000004", OpenId = "o_wuye", Roles = [Role.Department], Department = "物业" },
        ],
        Groups =
        [
            new ChatGroup { Bridge = GroupAddress.WeCom(Bot), Id = MappedGroup, Name = "3号楼住户群", Grid = "g1" },
            new ChatGroup { Bridge = GroupAddress.WeCom(Bot), Id = ColonGroup, Name = "5号楼住户群", Grid = "g2" },
        ],
    };
}
