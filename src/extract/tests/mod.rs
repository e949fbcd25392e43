//! Extraction tests: each states one rule on a short made-up text, through `extract`.

use super::*;
use crate::ingest::parse_document;

fn run(text: &str) -> Extraction {
    let document = parse_document("t", "t.md", text, Some("md"));
    extract(document, Gazetteer::embedded())
}

/// The labels of the extraction's entities of one kind.
fn labels(extraction: &Extraction, kind: EntityKind) -> Vec<&str> {
    extraction
        .entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.label.as_str())
        .collect()
}

/// The sentences in which an entity of this label is mentioned.
fn mention_sentences(extraction: &Extraction, label: &str) -> Vec<String> {
    extraction
        .entities
        .iter()
        .filter(|e| e.label == label)
        .flat_map(|e| &e.mentions)
        .map(|&s| extraction.segmented.sentences[s].text.clone())
        .collect()
}

fn pairs(extraction: &Extraction, kind: RelationKind) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = extraction
        .relations
        .iter()
        .filter(|r| r.kind == kind && !r.inferred)
        .map(|r| {
            (
                extraction.entities[r.subject].label.clone(),
                extraction.entities[r.object].label.clone(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn enumeration_pairs_each_district_with_its_industries() {
    let extraction =
        run("上海市规划\n\n长宁区人工智能和生物医药、静安区集成电路获批国家级产业集群。");
    let found = pairs(&extraction, RelationKind::HostsIndustry);
    assert!(
        found.contains(&("长宁区".into(), "人工智能".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("长宁区".into(), "生物医药".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("静安区".into(), "集成电路".into())),
        "{found:?}"
    );
    assert!(
        !found.contains(&("长宁区".into(), "集成电路".into())),
        "{found:?}"
    );
}

#[test]
fn district_list_then_cue_then_industry() {
    let extraction = run("上海市规划\n\n支持宝山、奉贤等区发展新材料产业。");
    let found = pairs(&extraction, RelationKind::HostsIndustry);
    assert!(
        found.contains(&("宝山区".into(), "新材料".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("奉贤区".into(), "新材料".into())),
        "{found:?}"
    );
}

#[test]
fn district_prefixed_area_is_located_in_district() {
    let extraction = run("上海市规划\n\n以长宁临空、宝山吴淞等为核心区域。");
    let found = pairs(&extraction, RelationKind::LocatedIn);
    assert!(
        found.contains(&("临空".into(), "长宁区".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("吴淞".into(), "宝山区".into())),
        "{found:?}"
    );
}

#[test]
fn park_suffix_names_with_district_prefix_and_inner_sector() {
    let extraction = run("上海市规划\n\n加快建设宝山新材料产业基地。");
    assert!(pairs(&extraction, RelationKind::LocatedIn)
        .contains(&("宝山新材料产业基地".into(), "宝山区".into())));
    assert!(pairs(&extraction, RelationKind::FocusesOn)
        .contains(&("宝山新材料产业基地".into(), "新材料".into())));
}

#[test]
fn generic_park_words_are_not_parks() {
    let extraction = run("上海市规划\n\n建设一批特色产业园区和产业集聚区。");
    assert_eq!(
        extraction.count_entities(EntityKind::Park),
        0,
        "{:?}",
        extraction.entities
    );
}

#[test]
fn targets_with_year_and_observations_apart() {
    let extraction = run("# 上海市新材料产业发展“十五五”规划\n\n## 一、发展基础\n\n新材料产业产值由2020年的2000亿元增长至2025年的2800亿元。\n\n## 二、发展目标\n\n到2030年，新材料产业产值达到4000亿元左右。");
    let targets: Vec<_> = extraction
        .quantities
        .iter()
        .filter(|q| q.is_target)
        .collect();
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert_eq!(
        (targets[0].year, targets[0].value.as_str()),
        (Some(2030), "400000000000")
    );
    assert_eq!(targets[0].qualifier.as_deref(), Some("左右"));
    assert_eq!(extraction.entities[targets[0].subject].label, "新材料");
    let observed: Vec<_> = extraction
        .quantities
        .iter()
        .filter(|q| !q.is_target)
        .map(|q| q.year)
        .collect();
    assert_eq!(observed, [Some(2020), Some(2025)]);
}

#[test]
fn technologies_from_process_phrases_and_coordinations() {
    let extraction = run("# 某区新兴产业规划\n\n## 一、重点领域\n\n### （一）新能源汽车\n\n1．混合动力和氢燃料汽车。加快动力电池模组、热管理系统的研制和规模化生产，推进电驱系统及域控制器的国产化，支持企业研发车载激光雷达。\n\n### （二）生物医药\n\n重点支持基因与细胞治疗、核酸药物等前沿方向，在医院、社区等领域推广应用。");
    let found = pairs(&extraction, RelationKind::DevelopsTechnology);
    for (sector, technology) in [
        ("新能源汽车", "混合动力汽车"),
        ("新能源汽车", "氢燃料汽车"),
        ("新能源汽车", "动力电池模组"),
        ("新能源汽车", "热管理系统"),
        ("新能源汽车", "电驱动系统"),
        ("新能源汽车", "域控制器"),
        ("新能源汽车", "车载激光雷达"),
        ("生物医药", "基因与细胞治疗"),
        ("生物医药", "核酸药物"),
    ] {
        assert_pair(&found, sector, technology);
    }
    // Fields of use are not technologies; 激光雷达 is part of a longer name.
    assert_no_object(&found, &["医院", "社区", "激光雷达", "研制和规模化生产"]);
}

#[test]
fn a_heading_that_develops_an_unknown_industry_names_its_sector() {
    let extraction = run("# 某区若干措施\n\n## （六）促进数据智能产业创新发展\n\n聚焦通用大模型、工业软件、智算芯片等领域，开展关键核心技术攻关。");
    let found = pairs(&extraction, RelationKind::DevelopsTechnology);
    assert!(
        found.iter().any(|(sector, _)| sector == "数据智能"),
        "{found:?}"
    );
    // Generic words before 产业 name no sector.
    let extraction = run("# 某区若干措施\n\n## （一）推动重点产业高质量发展\n\n聚焦通用大模型、工业软件等领域，开展关键核心技术攻关。");
    assert!(extraction.entities.iter().all(|e| e.label != "重点"));
}

#[test]
fn a_list_that_names_its_sector_gives_that_sectors_technologies() {
    let extraction = run("# 某区若干措施\n\n## 三、支持研发创新\n\n鼓励企业围绕激光雷达、域控制器、线控底盘等智能网联汽车关键技术加大研发投入。");
    let found = pairs(&extraction, RelationKind::DevelopsTechnology);
    for technology in ["激光雷达", "域控制器", "线控底盘"] {
        assert_pair(&found, "智能网联汽车", technology);
    }
}

#[test]
fn facilities_and_clauses_after_a_district_are_no_areas() {
    let parks = |extraction: &Extraction| -> Vec<String> {
        labels(extraction, EntityKind::Park)
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let beijing = run(
        "# 北京市政府工作报告\n\n北京市推动通州站开通运营，房山院区建成投用，大兴调查研究之风。",
    );
    let found = parks(&beijing);
    assert!(
        !found
            .iter()
            .any(|p| p.contains("开通") || p.ends_with("院区") || p.contains("研究")),
        "{found:?}"
    );
    // One verbal noun alone can be a place's name.
    let shanghai = run("# 上海市规划\n\n以长宁临空、宝山吴淞等为核心区域。");
    assert!(parks(&shanghai).contains(&"临空".to_owned()));
}

#[test]
fn a_district_plan_hosts_what_a_clause_develops_as_industry() {
    let extraction = run("# 上海市静安区关于构建现代化产业体系的若干措施\n\n## 一、总体要求\n\n做强集成电路产业，推动数字消费提质扩容，支持检验检测机构开展服务。");
    let found = pairs(&extraction, RelationKind::HostsIndustry);
    assert_pair(&found, "静安区", "集成电路");
    assert_no_pair(&found, "静安区", "检验检测");
}

fn assert_pair(found: &[(String, String)], subject: &str, object: &str) {
    assert!(
        found.contains(&(subject.to_owned(), object.to_owned())),
        "{subject} → {object} missing from {found:?}"
    );
}

fn assert_no_pair(found: &[(String, String)], subject: &str, object: &str) {
    assert!(
        !found.contains(&(subject.to_owned(), object.to_owned())),
        "{subject} → {object} found in {found:?}"
    );
}

fn assert_no_object(found: &[(String, String)], wrong: &[&str]) {
    for wrong in wrong {
        assert!(
            found.iter().all(|(_, object)| object != wrong),
            "{wrong} found in {found:?}"
        );
    }
}

#[test]
fn word_internal_deng_properties_and_leftover_verbs_are_no_technologies() {
    let extraction = run("# 某市新材料产业规划\n\n## 一、新材料\n\n巩固发展高强汽车用钢、高等级硅钢等，突破轻量化、耐腐蚀涂层等技术，建立健全新材料发展的技术平台。");
    let found = pairs(&extraction, RelationKind::DevelopsTechnology);
    for technology in ["高强汽车用钢", "高等级硅钢", "耐腐蚀涂层"] {
        assert_pair(&found, "新材料", technology);
    }
    assert_no_object(
        &found,
        &["级硅钢", "轻量化", "技术平台", "巩固发展高强汽车用钢"],
    );
}

#[test]
fn place_clauses_and_field_openings_direct_technologies() {
    let extraction = run("# 某区未来产业规划\n\n## 一、重点领域\n\n### （一）未来产业\n\n前瞻布局类脑智能、合成生物等方向，类脑智能领域重点研发脉冲神经网络处理器，张江科学城重点发展脑机接口系统。");
    let found = pairs(&extraction, RelationKind::DevelopsTechnology);
    assert_pair(&found, "类脑智能", "脉冲神经网络处理器");
    // A grouping such as 未来产业 lists industries, not technologies; a park's focus
    // is not a sector's technology.
    assert!(found.iter().all(|(s, _)| s != "未来产业"), "{found:?}");
    assert!(found.iter().all(|(_, t)| t != "脑机接口系统"), "{found:?}");
}

#[test]
fn a_relied_on_park_lies_in_the_district_and_governance_is_no_industry() {
    let extraction = run("# 上海市低空经济实施方案\n\n依托“滨海低空试验区”，奉贤区加快低空飞行协同服务管理机制创新，重点推进低空物流配送示范场景。");
    assert_eq!(
        pairs(&extraction, RelationKind::LocatedIn),
        [("滨海低空试验区".to_owned(), "奉贤区".to_owned())]
    );
    let hosted = pairs(&extraction, RelationKind::HostsIndustry);
    assert_pair(&hosted, "奉贤区", "低空物流");
    // 低空飞行 names the low-altitude economy; its governance is no industry of the district.
    assert_no_pair(&hosted, "奉贤区", "低空经济");
}

#[test]
fn a_header_led_flattened_table_is_read_by_its_columns() {
    let extraction = run("# 上海市杨浦区产业空间布局方案\n\n表1　重点产业空间布局\n\n序号\n\n功能区\n\n主导产业\n\n1\n\n五角场创新创业集聚区\n\n人工智能、在线新经济\n\n2\n\n环同济设计产业园\n\n工业设计、建筑设计服务\n\n各功能区按上表布局。");
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    for (park, industry) in [
        ("五角场创新创业集聚区", "人工智能"),
        ("五角场创新创业集聚区", "在线新经济"),
        ("环同济设计产业园", "工业设计"),
        ("环同济设计产业园", "建筑设计服务"),
    ] {
        assert_pair(&focus, park, industry);
    }
    // Header cells and row numbers are no parks or industries.
    assert!(
        extraction
            .entities
            .iter()
            .all(|e| !["序号", "功能区", "主导产业", "1", "2"].contains(&e.label.as_str())),
        "{:?}",
        extraction
            .entities
            .iter()
            .map(|e| &e.label)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_place_focus_object_can_be_a_compound_industry() {
    let extraction = run("# 上海市宝山区产业发展规划\n\n支持吴淞创新城发展工业数据服务和氢能物流，全区数字经济加快发展。");
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    assert_pair(&focus, "吴淞创新城", "氢能物流");
    assert_pair(&focus, "吴淞创新城", "工业数据服务");
    assert!(
        extraction
            .entities
            .iter()
            .all(|e| e.label != "全区数字经济"),
        "a scope word is no part of an industry"
    );
}

#[test]
fn a_clause_without_its_own_subject_continues_the_place() {
    let extraction = run("# 上海市低空经济实施方案\n\n虹桥临空经济示范区加快配套设施建设，开展跨境无人机物流试点，探索相关规则。");
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    assert_pair(&focus, "虹桥临空经济示范区", "跨境无人机物流");
}

#[test]
fn a_dated_past_figure_outside_the_review_is_an_observation() {
    let extraction = run("---\n发布日期: 2026-03-01\n---\n\n# 关于认定特色产业园区的通知\n\n截至2025年底，全市集聚集成电路产业产值1200亿元。到2028年，集成电路产业产值突破2000亿元。");
    let facts: Vec<(bool, Option<i32>, &str)> = extraction
        .quantities
        .iter()
        .map(|q| (q.is_target, q.year, q.value.as_str()))
        .collect();
    assert_eq!(
        facts,
        [
            (false, Some(2025), "120000000000"),
            (true, Some(2028), "200000000000")
        ]
    );
}

#[test]
fn flattened_table_rows_pair_district_and_area() {
    let extraction = run("上海市特色产业园区名单\n\n序号\n\n区\n\n园区名称\n\n主导产业\n\n1\n\n嘉定区\n\n嘉定氢能港\n\n新能源汽车\n\n2\n\n闵行\n\n马桥人工智能创新试验区\n\n人工智能");
    let located = pairs(&extraction, RelationKind::LocatedIn);
    assert!(
        located.contains(&("嘉定氢能港".into(), "嘉定区".into())),
        "{located:?}"
    );
    assert!(
        located.contains(&("马桥人工智能创新试验区".into(), "闵行区".into())),
        "{located:?}"
    );
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    assert!(
        focus.contains(&("马桥人工智能创新试验区".into(), "人工智能".into())),
        "{focus:?}"
    );
}

#[test]
fn inferred_district_industry_is_marked() {
    let extraction = run("上海市规划\n\n加快建设宝山新材料产业基地。");
    let inferred: Vec<_> = extraction.relations.iter().filter(|r| r.inferred).collect();
    assert_eq!(inferred.len(), 1);
    assert_eq!(inferred[0].kind, RelationKind::HostsIndustry);
}

#[test]
fn other_cities_districts_resolve_in_their_city() {
    let extraction = run("# 北京市朝阳区数字经济发展规划\n\n朝阳区重点发展人工智能产业。");
    let district = extraction
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::District)
        .expect("a district");
    assert_eq!(district.key, "110105");
}

/// The targets (or, with `targets` false, the observations) as subject, year, value.
fn figures_of(extraction: &Extraction, targets: bool) -> Vec<(String, Option<i32>, String)> {
    let mut found: Vec<(String, Option<i32>, String)> = extraction
        .quantities
        .iter()
        .filter(|q| q.is_target == targets)
        .map(|q| {
            (
                extraction.entities[q.subject].label.clone(),
                q.year,
                q.value.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

fn targets(extraction: &Extraction) -> Vec<(String, Option<i32>, String)> {
    figures_of(extraction, true)
}

fn observations(extraction: &Extraction) -> Vec<(String, Option<i32>, String)> {
    figures_of(extraction, false)
}

#[test]
fn a_work_reports_expected_targets_are_its_own_years() {
    let extraction = run("---\ndate: 2026-01-20\n---\n# 2026年政府工作报告\n\n\
        今年是“十五五”开局之年。今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右，\
        城镇调查失业率控制在5%以内，城镇新增就业50万人；居民消费价格涨幅2%左右；\
        社会消费品零售总额增长4%—5%；全员劳动生产率达到30万元/人。");
    assert_eq!(
        targets(&extraction),
        [
            ("地区生产总值".to_owned(), Some(2026), "5".to_owned()),
            ("城镇新增就业".to_owned(), Some(2026), "500000".to_owned()),
            ("城镇调查失业率".to_owned(), Some(2026), "5".to_owned()),
            ("居民消费价格".to_owned(), Some(2026), "2".to_owned()),
        ],
        "ranges and rates per head are no targets"
    );
}

#[test]
fn a_plans_main_indicators_take_its_period() {
    let extraction = run("---\ndate: 2026-01-20\n---\n# 政府工作报告\n\n\
        省委提出，到2035年基本实现现代化。纲要草案设定了“十五五”时期五大类24个主要指标，\
        包括地区生产总值年均增长5%左右、优良水体比例等8个约束性指标。");
    assert_eq!(
        targets(&extraction),
        [("地区生产总值".to_owned(), Some(2030), "5".to_owned())]
    );
}

#[test]
fn an_indicator_table_gives_targets_in_its_target_column_only() {
    let extraction = run(
        "---\ndate: 2026-03-01\n---\n# 某区集成电路产业发展“十五五”规划\n\n\
        | 序号 | 指标 | 单位 | 2025年 | 2030年 | 属性 |\n|---|---|---|---|---|---|\n\
        | 1 | 产业规模 | 亿元 | 800 | 力争1300 | 预期性 |\n\
        | 2 | 人工智能核心产业规模 | 亿元 | 100 | 300 | 预期性 |\n\
        | 3 | 新增功能性机构 | 家 | / | 2-3 | 预期性 |\n",
    );
    assert_eq!(
        targets(&extraction),
        [
            ("人工智能".to_owned(), Some(2030), "30000000000".to_owned()),
            ("集成电路".to_owned(), Some(2030), "130000000000".to_owned()),
        ],
        "a row's own sector owns its figures; a range is no target"
    );
    assert_eq!(
        observations(&extraction),
        [
            ("人工智能".to_owned(), Some(2025), "10000000000".to_owned()),
            ("集成电路".to_owned(), Some(2025), "80000000000".to_owned()),
        ]
    );
}

#[test]
fn a_flattened_indicator_table_with_categories_and_year_cells() {
    // One cell per line, as tables copied from web pages arrive: 指标值 spans 现状 and
    // 近期规划, whose years come in cells of their own; 城市经济 is a category cell; 53.75
    // is a number, not heading 53.
    let cells = [
        "专栏1 核心指标表",
        "指标类别",
        "序号",
        "指标项",
        "单位",
        "类型",
        "指标值",
        "现状",
        "近期规划",
        "（2025年）",
        "（2030年）",
        "发展规模",
        "1",
        "建设用地总规模",
        "平方千米",
        "约束性",
        "53.75",
        "53.74",
        "城市经济",
        "2",
        "新增科技型企业孵化器",
        "家",
        "预期性",
        "/",
        "10",
        "3",
        "住宅用地面积",
        "平方千米",
        "预期性",
        "26",
        "动态调整",
    ];
    let text = format!("# 某区国土空间近期规划\n\n{}\n", cells.join("\n\n"));
    let extraction = run(&text);
    assert_eq!(
        targets(&extraction),
        [("城市经济".to_owned(), Some(2030), "10".to_owned())],
        "in a plan of no sector only economic rows count, under their category"
    );
}

mod precision;

#[test]
fn a_heading_that_names_its_district_pairs_it_and_one_that_does_not_pairs_nothing() {
    let extraction = run(concat!(
        "# 徐汇区促进绿色低碳产业发展的扶持意见\n\n",
        "为全面贯彻新发展理念，制定本意见。\n\n",
        "## 长宁区\n\n",
        "### （一）人工智能产业\n\n",
        "完善服务体系。\n\n",
        "静安区促进生物医药产业发展。"
    ));
    let hosts = pairs(&extraction, RelationKind::HostsIndustry);
    assert_pair(&hosts, "徐汇区", "绿色低碳产业");
    assert_pair(&hosts, "静安区", "生物医药");
    assert_no_pair(&hosts, "长宁区", "人工智能");
}

#[test]
fn an_entity_whose_every_mention_was_dropped_is_not_extracted() {
    // 大飞机 here is the aircraft programme, 物联网 part of a company's name: neither is
    // stated, so neither reaches the store; a stated sector keeps its broader sectors.
    let extraction = run(concat!(
        "上海市政府工作报告\n\n",
        "推进大飞机规模化系列化发展。\n\n",
        "上海菊园物联网科技服务有限公司项目开工。\n\n",
        "大力发展集成电路设计产业。"
    ));
    let sectors = labels(&extraction, EntityKind::Sector);
    assert!(!sectors.contains(&"大飞机"), "{sectors:?}");
    assert!(!sectors.contains(&"物联网"), "{sectors:?}");
    assert!(sectors.contains(&"集成电路设计"), "{sectors:?}");
    assert!(sectors.contains(&"集成电路"), "{sectors:?}");
    assert!(
        extraction
            .entities
            .iter()
            .all(|e| !e.mentions.is_empty() || e.kind == EntityKind::Sector),
        "{:?}",
        extraction.entities
    );
}

#[test]
fn a_park_relied_on_with_zhizu_hosts_what_the_next_clause_develops() {
    let extraction = run(concat!(
        "虹口区绿色低碳产业发展规划\n\n",
        "立足北中环科创产业集聚带，重点深耕新型储能、合成生物等核心领域，提升科创策源能力。"
    ));
    let focus = pairs(&extraction, RelationKind::FocusesOn);
    assert_pair(&focus, "北中环科创产业集聚带", "储能");
    assert_pair(&focus, "北中环科创产业集聚带", "合成生物");
}

#[test]
fn an_outline_table_with_categories_inside_rows_gives_each_measures_target() {
    // The category spans two lines inside the first row of its group; a value equals the
    // next row's number; one row holds two indicators; the period is in the full title.
    let cells = [
        "序号",
        "类别",
        "指标内容",
        "单位",
        "属性",
        "目标值",
        "1",
        "主要经济",
        "指标",
        "地区生产总值年均增长率",
        "%",
        "预期性",
        "与全市经济增速同步",
        "2",
        "区级一般公共预算收入年均增长率",
        "%",
        "预期性",
        "5",
        "3",
        "产业发展",
        "指标",
        "规模以上服务业营业收入年均增长率",
        "%",
        "预期性",
        "4",
        "4",
        "工业总产值",
        "亿元",
        "预期性",
        "达到 3200",
        "5",
        "社会消费品零售总额年均增长率/商品销售总额年均增长",
        "%",
        "预期性",
        "高于全市平均水平/5",
        "6",
        "科创引领指标",
        "全社会研发经费支出相当于地区生产总值的比例",
        "%",
        "预期性",
        "3.5",
    ];
    let text = format!(
        "---\n标题: 上海市某区国民经济和社会发展第十五个五年规划纲要\n---\n\n{}\n",
        cells.join("\n\n")
    );
    let extraction = run(&text);
    let targets: Vec<(String, Option<i32>, String)> = extraction
        .quantities
        .iter()
        .filter(|q| q.is_target)
        .map(|q| {
            (
                extraction.entities[q.subject].label.clone(),
                q.year,
                q.value.clone(),
            )
        })
        .collect();
    for expected in [
        ("区级一般公共预算收入", Some(2030), "5"),
        ("规模以上服务业营业收入", Some(2030), "4"),
        ("工业总产值", Some(2030), "320000000000"),
        ("商品销售总额", Some(2030), "5"),
    ] {
        assert!(
            targets
                .iter()
                .any(|(s, y, v)| s == expected.0 && *y == expected.1 && v == expected.2),
            "{expected:?} missing from {targets:?}"
        );
    }
    // A ratio to GDP is no GDP figure, and a category is no indicator.
    assert!(
        !targets
            .iter()
            .any(|(s, _, _)| s.contains("地区生产总值") || s.contains("主要经济")),
        "{targets:?}"
    );
}

#[test]
fn a_district_named_in_the_first_heading_decides_the_home_city() {
    // No front matter and no 上海 anywhere: 静安区 in the title heading makes the plan
    // Shanghai's, so 绍兴 in the text does not make 越城区 (in 卓越城区) a place.
    let extraction = run(concat!(
        "# 静安区联动创新区建设方案\n\n",
        "五、打通要素堵点，夯实卓越城区引领力\n\n",
        "绍兴市发展集成电路产业。\n"
    ));
    let districts = labels(&extraction, EntityKind::District);
    assert_eq!(districts, ["静安区"]);
}
