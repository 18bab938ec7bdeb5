namespace NeighborBot.Intake;

/// <summary>
/// The built-in rules, written as residents type (they are normalised like messages, so 俺/咋/啥 forms work too).
/// Space-separated phrase lists keep the tables readable; configuration adds to them (<see cref="IntakeOptions"/>).
/// </summary>
internal static class IntakeDefaults
{
    /// <summary>Category, weight, phrases. Matching is leftmost-longest, so a longer phrase hides the shorter ones inside it.</summary>
    public static readonly (string Category, int Weight, string Phrases)[] Keywords =
    [
        (IntakeCategories.Repair, 3, """
            路灯 楼道灯 声控灯 感应灯 照明灯 停电 停水 断电 断水 没电了 没水了 没有电了 没有水了 全楼都没电 水龙头 马桶 下水道 下水管
            水管 暖气 暖气片 门禁 对讲 道闸 水压 热水器 跳闸 电闸 漏水 渗水 返水 合页 玻璃碎 扶手 台阶 路面 冻裂 电动门
            防盗门 单元门 没热水 没有热水 充电桩 燃气灶 报修 灯坏 灯不亮 电梯坏 电梯停 电梯门 电梯按钮 电梯故障 电梯又坏 电梯老是坏 管子冻
            """),
        (IntakeCategories.Repair, 2, "插座 充不上电 打不着火 打不着 一直亮 电梯 坏了 不亮 漏了 堵了 不通 管子 龙头 窗户 玻璃 楼梯 门铃 坑 塌"),
        (IntakeCategories.Repair, 1, "卫生间 灯 修 维修 松了 掉了 裂了 不动了 没反应 关不上 关不严 关不紧 打不开 开不开 抬不起来 一闪一闪 灭了 不灵 停了 卡住 滴 堵 漏 故障 毛病 不热 黑"),

        (IntakeCategories.Hazard, 3, """
            飞线充电 飞线 拉电线 扯根线 拉着插线板 插线板 电线露 露在外面 裸露 老化 消防通道 杂物 裂缝 缝子 墙上裂 外墙 瓷砖掉
            往下扔 高空抛物 砸到人 差点砸 灭火器 消防栓 井盖 电动车充电 上楼充电 充电 电池 广告牌 结冰 要倒 树歪 危险 隐患 电线
            占用楼道 堆放 堆东西 外机架子 墙打裂 刮倒 树倒了 被风刮
            """),
        (IntakeCategories.Hazard, 2, "台风 燃气 煤气 天然气 液化气 滑 堵死 堆满 堆了 裂了好几道"),
        (IntakeCategories.Hazard, 1, "煤气罐"),

        (IntakeCategories.Dispute, 3, """
            邻居 吵架 矛盾 纠纷 调解 评理 闹翻 噪音 扰民 蹦迪 咚咚 跺脚 拖椅子 拖东西 不拴绳 狗叫 狗咬 咬到 嚎 地锁 不认账 房租 租客
            打架 摄像头 广场舞 大喇叭 音响 装修 电钻 楼上那家 楼上邻居 楼下那家 楼下邻居 对门 隔壁 吵死 太吵 吵得 吵到 停我车位
            车位上 骂人 不听 不乐意 不挪 打起来 婆婆 儿媳 两口子 往下扫 漏到我家 漏水到我家 拍球 一天到晚叫 洗衣服 打桩 施工噪音
            """),
        (IntakeCategories.Dispute, 2, "施工 楼上 说了 找他 找他们 找他家 半夜 不让人休息 睡不着 车位 狗 遛狗 说他 敲门 不改 不接 不开门 不交 不搬 划了 吵"),
        (IntakeCategories.Dispute, 1, "不管"),

        (IntakeCategories.Consult, 3, """
            养老金 养老保险 医保 社保 低保 补贴 津贴 证明 户口 居住证 办证 残疾证 残疾人 老年卡 老年证 独生子女 失业金 退休 丧葬费
            公租房 廉租房 疫苗 体检 入学 上学 上小学 备案 异地就医 上牌 政策 改造 年审 补办 出生证 就业 失业 当志愿者 高龄
            """),
        (IntakeCategories.Consult, 1, "请问"),
        (IntakeCategories.Consult, 2, """
            申请 办理 怎么办 去哪办 在哪办 去哪开 在哪开 材料 手续 能领 怎么领 领取 交多少 涨多少 想问 问一下 问问 咨询 怎么弄
            报名 需要什么 需要带 能办 条件 什么时候发 发不发 还要交 在哪交 在哪打 预约 怎么续 能补吗 能开 有没有份 能不能上 怎么加入 加入
            """),

        (IntakeCategories.Property, 3, """
            物业费 保安 门禁卡 停车费 停车卡 停车收费 收费 绿化 修剪 草坪 不作为 物业经理 维修基金 公示 押金 快递 登记 业主 巡逻
            账目 态度 爱答不理 推来推去 维修电话 换物业 外面的车 外来车 外卖 工资 拖欠 电梯广告 物业不管
            """),
        (IntakeCategories.Property, 1, "不管事"),
        (IntakeCategories.Property, 2, "物业 涨价 涨 只租不卖 锁了 锁门 关门太早 进不来 回不来 乱收费 不干活 只知道收钱 收钱 监控 停车 停车场 租金 谁都能进 横冲直撞 通知"),

        (IntakeCategories.Environment, 3, """
            垃圾 老鼠 蟑螂 蚊子 苍蝇 臭味 臭气 发臭 臭得 熏死 狗屎 狗粑粑 粪便 拉屎 死老鼠 死猫 建筑垃圾 装修垃圾 装修剩下 旧沙发
            旧床垫 旧家具 小广告 油烟 污水 化粪池 积水 打扫 卫生 保洁 落叶 烟头 瓜子皮 蛆 流浪猫 养鸡 烂菜叶 烧纸 河道 发黑 打药
            打点药 小便 尿骚味 骚味 随地大小便 灰尘 灰老厚 脏水 乱倒 乱扔 溢出来 没人收 没人清 没人扫 没人倒 没人清理 拉走 清理 味儿大 味道大 恶心
            """),
        (IntakeCategories.Environment, 1, "灰"),
        (IntakeCategories.Environment, 2, "尿 落灰 臭 脏 满了 满地 到处都是 到处是 不收拾"),

        (IntakeCategories.Fraud, 3, """
            诈骗 骗子 骗局 被骗 骗 上当 冒充 公检法 公安局 警察 涉嫌 洗钱 安全账户 中奖 刷单 返利 验证码 屏幕共享 链接 冻结 保证金
            手续费 垫付 转账 转钱 打钱 汇款 贷款 客服 保健品 讲座 推销 投资 年化 扫码 礼品 自称 真的假的 靠谱吗 可信不 是真的吗
            是不是真的 百万保障 app 保释 赔钱 退款 异常 低息 免费送 听课 挨家挨户 银行卡 身份证 存款 网友 被抓 出车祸 打电话说
            电话说
            """),
        (IntakeCategories.Fraud, 2, "打电话让 让我交 付款 低价卖 游戏装备 接到电话 接了个电话 接到一个电话 短信 加qq qq 升级 认证 交钱 说是 包裹 传单 领导"),
        (IntakeCategories.Fraud, 1, "电话"),

        (IntakeCategories.Wish, 3, """
            想要 微心愿 心愿 希望有人 希望能有人 有人陪 陪我 陪她 陪他 陪着 独居 孤寡 空巢 收音机 轮椅 助听器 老花镜 拐棍 拐杖
            教我 血压计 电热毯 放大镜 暖水瓶 棉鞋 播放器 手环 课外书 买不起 够不着 送上来 理发 剪头 读信 穿针 穿不上针 教教 学用 想学
            学学 合影 过生日 说说话 聊天 晒晒 来看看我 对联 打扫打扫 收拾不动 帮我买 有没有人教 谁能教 一个人住 一个人在家
            """),
        (IntakeCategories.Wish, 2, "上门看 医生上门 来教 帮我 老伴 腿脚不好 腿不好 眼睛不好 眼睛花 眼睛不行 耳朵背 孩子都在外地 不在身边 有志愿者 帮帮忙"),
        (IntakeCategories.Wish, 1, "希望 老人 志愿者 不得劲"),

        // Phrases that mean nothing here but would otherwise be read as a keyword inside them.
        (IntakeOptions.IgnoreKey, 0, """
            燃气公司 燃气费 燃气欠费 手机快没电 手机没电 打火机 黑灯瞎火 单元门口 门口 楼上没有人住 楼上没人住 大学 停气 说了算
            """),
    ];

    /// <summary>Hazard, the category its urgent problems get, phrases that make a message urgent.</summary>
    public static readonly (string Hazard, string Category, string Phrases)[] Urgent =
    [
        (IntakeHazards.Gas, IntakeCategories.Hazard, """
            燃气味 煤气味 天然气味 液化气味 燃气泄漏 煤气泄漏 天然气泄漏 漏气 闻到燃气 闻到煤气 闻到天然气 煤气中毒 气管子断 燃气管断
            气管断 燃气报警 报警器响 报警器一直响 报警器在响 燃气管道断 天然气管子断 燃气管子断 煤气管子断 天然气管断 煤气管断 煤气管道断
            """),
        (IntakeHazards.Fire, IntakeCategories.Hazard, """
            着火 起火 失火 火灾 烧起来 烧着了 冒烟 冒黑烟 浓烟 有烟 烟很大 烟好大 好呛 火苗 火光 火挺大 火很大 大火 火势 打119 着了火 点着了 着起来了 燃起来了 烧焦 焦味
            """),
        (IntakeHazards.Electric, IntakeCategories.Hazard, "冒火花 火花 打火 冒火星 火星子 漏电 触电 被电了 电着了 电线烧 电线着火 短路 焦糊味 糊味"),
        (IntakeHazards.Elevator, IntakeCategories.Repair, """
            困人 被困 困在 关着人 里面关着 人在里面 里面有人 里面有个人 里面有老人 里面有个老人 里面有小孩 里面有孩子 在里面出不来
            里面出不来 电梯里出不来 卡在电梯 困电梯
            """),
        (IntakeHazards.Flood, IntakeCategories.Repair, "水管爆 管子爆 管爆了 爆管 水漫 淹了 进水了 没过脚 到处是水 水流成河 往外喷 哗哗 止不住"),
        (IntakeHazards.Fall, IntakeCategories.Hazard, "摔倒 跌倒 晕倒 昏倒 倒在地上 倒地 躺地上 起不来 叫不醒 不省人事 昏迷 流血"),
        (IntakeHazards.FallingObject, IntakeCategories.Hazard, "摇摇欲坠 要掉下来 随时会砸 砸下来 快掉了 要塌了 要砸到"),
        (IntakeHazards.Violence, IntakeCategories.Dispute, "打起来了 动手了 动刀 拿刀 拿着刀 拿着棍子 拿棍子 喊救命 打得很凶 打人了"),
        (IntakeHazards.Missing, IntakeCategories.Hazard, "走丢了 走失 老人不见了 孩子不见了 找不到人了 找不到老人"),
        (IntakeHazards.SelfHarm, IntakeCategories.Hazard, "跳楼 要跳 轻生 自杀 割腕 喝药 想不开"),
        (IntakeHazards.Fraud, IntakeCategories.Fraud, """
            安全账户 正在转账 马上就转 马上转 马上要转 要把存款 存款都转 都转过去 转到他给的 转到他的卡 给对方转了 已经转了 又让转
            拦不住 拦都拦不住 去银行的路上 在去银行 在银行了 去银行转 正在汇款
            """),
    ];

    /// <summary>Public place as it goes on the ticket, then other ways of writing it.</summary>
    public static readonly (string Place, string Aliases)[] Places =
    [
        ("东门", "东大门 小区东门"),
        ("西门", "西大门 小区西门"),
        ("南门", "南大门 小区南门"),
        ("北门", "北大门 小区北门"),
        ("正门", "小区正门"),
        ("大门", "小区大门 小区门口"),
        ("后门", "小区后门"),
        ("侧门", ""),
        ("广场", "中心广场 小广场 文化广场"),
        ("地下车库", "地库 地下停车场"),
        ("停车场", "露天停车场"),
        ("车棚", "自行车棚 电动车棚 充电棚"),
        ("健身器材", "健身区 健身场地 健身角"),
        ("小花园", "中心花园"),
        ("物业办公室", "物业服务中心 物业办"),
        ("垃圾站", "垃圾房 垃圾中转站 垃圾收集点"),
        ("篮球场", ""),
        ("儿童乐园", "儿童游乐场 游乐场 游乐区"),
        ("凉亭", "亭子"),
        ("活动中心", "老年活动中心 活动室 老年活动室"),
        ("门卫室", "门岗 传达室"),
        ("社区服务中心", "党群服务中心"),
    ];

    /// <summary>Words that look like a place name but are not one.</summary>
    public const string NotPlaces = "广场舞 单元大门 楼道大门 入户大门 家大门";

    /// <summary>Heard or typed → meant: voice-input homophones, common typos, Henan dialect.</summary>
    public const string Corrections = """
        炉灯=路灯 楼水=漏水 漏谁=漏水 店题=电梯 电题=电梯 电提=电梯 垫梯=电梯 然气=燃气 燃汽=燃气 然汽=燃气 燃起味=燃气味 煤汽=煤气
        找火=着火 着伙=着火 停点=停电 水笼头=水龙头 下水到=下水道 楼到灯=楼道灯 楼到=楼道 物叶=物业 拉圾=垃圾 垃级=垃圾 蟑郎=蟑螂
        燥音=噪音 帐户=账户 转帐=转账 帐号=账号 医包=医保 电瓶车=电动车 电驴=电动车 木有=没有 木人=没人 冇=没 俺=我 恁=你
        咋=怎么 啥=什么 中不中=行不行 弄啥嘞=干什么呢 哩=的 夜儿个=昨天 老些=很多 咱=我
        """;

    /// <summary>Phrases that mark a message that is not a new ticket, by what it is instead.</summary>
    public static readonly (IntakeSignal Signal, string Phrases)[] Signals =
    [
        (IntakeSignal.Thanks, "谢谢 感谢 多谢 辛苦了 辛苦你们 辛苦啦 谢了 谢啦 thank thanks thx 3q 太好了 点赞 给力"),
        (IntakeSignal.Progress, """
            修好了吗 修好了没 修好没 好了没 好了吗 什么时候修 什么时候来 什么时候能修 什么时候处理 什么时候能好 什么时候弄 还没修
            怎么还没 还没人来 还没来 进度 处理到哪 处理得怎么样 处理的怎么样 怎么样了 有结果了吗 有结果没 有人接单 接单了没 有人管吗
            有人管没 到现在也没 到现在还没 没见人 怎么还是那样 还是没人 还没有人 等了好几天 一直没人来
            """),
        (IntakeSignal.PriorReport, """
            我报的 我报了 报修的 我报修 报修了 报的那个 报的那 上次报 之前报 前天报 昨天报 反映的 反映过 反映了 报了好几天 报过 工单 上次说 昨天说
            之前说 说好的 已经报了 打过电话 次电话 上回说 上次反映
            """),
        (IntakeSignal.Cancel, "算了 取消 不用了 不需要了 撤销 撤回 不用来了 别来了 不麻烦了 不用管了 不修了"),
        (IntakeSignal.Greeting, "你好 您好 在吗 在不在 有人吗 有人不 有人在吗 有人在没 有人没 hello hi hey 哈喽 早上好 上午好 中午好 下午好 晚上好 喂喂"),
        (IntakeSignal.Resolved, "修好了 弄好了 已经好了 解决了 处理好了 搞定了 来电了 来水了 修好啦 没事了 已经修好 能用了 恢复了 恢复正常 亮了 通了"),
        (IntakeSignal.Advert, "加微信 加我微信 高价回收 拎包入住 有意者 招聘 兼职 日结 代理加盟 优惠活动 低价出售 出租房屋 房屋出租 欢迎来电 上门回收"),
    ];

    /// <summary>At the start of a message: the resident is fixing what they said before.</summary>
    public const string CorrectionStarts = "我刚才说的是 刚才说的是 我说的是 应该是 不对 不是 错了 说错了 搞错了 写错了 打错了 更正 纠正 不好意思说错了";

    /// <summary>Starts that look like a correction but are not: "不是我说，物业也太…".</summary>
    public const string NotCorrectionStarts = "不是我说 不是说 不是吧 不是不";

    /// <summary>Words that start a further problem in the same message.</summary>
    public const string Connectors = "还有 另外 再一个 再就是 再有 而且 顺便 同时 以及 对了 第二 第三 其次 二是";
}
