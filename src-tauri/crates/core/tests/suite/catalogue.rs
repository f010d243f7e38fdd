use waymark_core::catalogue::{
    self, COMPETENCY_KEYS, CompetencyTarget, LeaderTypeInput, Profile, SPECTRUM_KEYS,
    SpectrumTarget,
};
use waymark_core::mentees::{self, MenteeInput};
use waymark_core::{Error, db, templates};

/// Every competency and spectrum of the shipped catalogue at `level`.
fn full_profile(level: i64) -> Profile {
    Profile {
        competencies: COMPETENCY_KEYS
            .iter()
            .map(|k| CompetencyTarget {
                competency_key: (*k).into(),
                level,
            })
            .collect(),
        spectrums: SPECTRUM_KEYS
            .iter()
            .map(|k| SpectrumTarget {
                spectrum_key: (*k).into(),
                position: level,
            })
            .collect(),
    }
}

fn custom(name: &str) -> LeaderTypeInput {
    LeaderTypeInput {
        family_key: "platform".into(),
        name: name.into(),
        description: "Leads the developer platform.".into(),
        profile: full_profile(3),
    }
}

#[test]
fn the_catalogue_ships_the_whole_domain() {
    let conn = db::open_in_memory().unwrap();
    let cat = catalogue::load(&conn).unwrap();
    assert_eq!(cat.competencies.len(), 9);
    assert_eq!(cat.spectrums.len(), 7);
    assert_eq!(cat.families.len(), 5);
    assert_eq!(cat.leader_types.len(), 20);
    assert_eq!(cat.role_tracks.len(), 3);
    assert_eq!(cat.anti_pattern_groups.len(), 3);
    assert_eq!(cat.anti_patterns.len(), 9);
    for family in &cat.families {
        let members = cat
            .leader_types
            .iter()
            .filter(|t| t.family_key == family.key)
            .count();
        assert_eq!(members, 4, "family {}", family.name);
    }
    assert_eq!(
        cat.spectrums
            .iter()
            .map(|s| (s.low_pole.as_str(), s.high_pole.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Project", "Enterprise"),
            ("Unskilled", "Skilled"),
            ("Domain", "Cross-Domain"),
            ("Hands-On", "Strategic"),
            ("Implementation", "Architecture"),
            ("Team", "Organization"),
            ("Specialist", "Generalist"),
        ]
    );
}

#[test]
fn every_built_in_type_has_a_complete_profile_in_catalogue_order() {
    let conn = db::open_in_memory().unwrap();
    let cat = catalogue::load(&conn).unwrap();
    for t in &cat.leader_types {
        assert!(t.built_in);
        assert!(!t.description.is_empty());
        let keys: Vec<&str> = t
            .profile
            .competencies
            .iter()
            .map(|c| c.competency_key.as_str())
            .collect();
        let expected: Vec<&str> = cat.competencies.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, expected, "{}", t.name);
        assert_eq!(t.profile.spectrums.len(), 7, "{}", t.name);
        assert!(
            t.profile
                .competencies
                .iter()
                .all(|c| (1..=5).contains(&c.level))
        );
    }
}

#[test]
fn built_in_types_cannot_be_deleted_or_changed() {
    let mut conn = db::open_in_memory().unwrap();
    let err = catalogue::delete_leader_type(&mut conn, 1).unwrap_err();
    assert_eq!(err.code(), "conflict");
    let err = catalogue::update_leader_type(&mut conn, 1, &custom("Renamed")).unwrap_err();
    assert_eq!(err.code(), "conflict");
    // Even raw SQL is refused by the trigger.
    assert!(
        conn.execute("DELETE FROM leader_types WHERE id = 1", [])
            .is_err()
    );
    assert_eq!(catalogue::leader_types(&conn).unwrap().len(), 20);
}

#[test]
fn a_custom_type_can_be_added_changed_and_deleted() {
    let mut conn = db::open_in_memory().unwrap();
    let created =
        catalogue::create_leader_type(&mut conn, &custom("Developer Experience Leader")).unwrap();
    assert!(!created.built_in);
    assert_eq!(created.profile, full_profile(3));

    let mut changed = custom("DevEx Leader");
    changed.profile = full_profile(4);
    let updated = catalogue::update_leader_type(&mut conn, created.id, &changed).unwrap();
    assert_eq!(updated.name, "DevEx Leader");
    assert_eq!(updated.profile, full_profile(4));

    catalogue::delete_leader_type(&mut conn, created.id).unwrap();
    assert!(matches!(
        catalogue::leader_type(&conn, created.id),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_type_in_use_by_a_mentee_cannot_be_deleted() {
    let mut conn = db::open_in_memory().unwrap();
    let t = catalogue::create_leader_type(&mut conn, &custom("Observability Leader")).unwrap();
    mentees::create(
        &mut conn,
        &MenteeInput {
            name: "Ana".into(),
            target_leader_type_id: Some(t.id),
            ..Default::default()
        },
    )
    .unwrap();
    let err = catalogue::delete_leader_type(&mut conn, t.id).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("1 mentee uses"));
}

#[test]
fn names_are_unique_regardless_of_case() {
    let mut conn = db::open_in_memory().unwrap();
    let err = catalogue::create_leader_type(&mut conn, &custom("cloud leader")).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(err.field(), Some("name"));
}

type Spoil = fn(&mut LeaderTypeInput);

#[test]
fn incomplete_or_out_of_range_profiles_are_rejected_and_nothing_is_written() {
    let mut conn = db::open_in_memory().unwrap();
    let cases: Vec<(Spoil, &str)> = vec![
        (|i| drop(i.profile.competencies.pop()), "has no value"),
        (|i| i.profile.spectrums[0].position = 6, "from 1 to 5"),
        (|i| i.profile.competencies[0].level = 0, "from 1 to 5"),
        (
            |i| i.profile.competencies[1].competency_key = "technical_expertise".into(),
            "given twice",
        ),
        (
            |i| i.profile.spectrums[2].spectrum_key = "charisma".into(),
            "not a known spectrum",
        ),
        (
            |i| i.family_key = "wizardry".into(),
            "not a leader-type family",
        ),
        (|i| i.name = "   ".into(), "cannot be empty"),
        (|i| i.name = "x".repeat(81), "limit is 80"),
    ];
    for (spoil, expected) in cases {
        let mut input = custom("Edge Leader");
        spoil(&mut input);
        let err = catalogue::create_leader_type(&mut conn, &input).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(
            err.to_string().contains(expected),
            "{err} should say {expected}"
        );
    }
    assert_eq!(catalogue::leader_types(&conn).unwrap().len(), 20);
}

#[test]
fn the_named_built_in_leader_types_are_the_ones_stored() {
    let conn = db::open_in_memory().unwrap();
    for (id, name) in catalogue::built_in::LEADER_TYPES {
        let stored = catalogue::leader_type(&conn, id).unwrap();
        assert_eq!((stored.name.as_str(), stored.built_in), (name, true));
    }
}

#[test]
fn the_named_built_in_goal_templates_are_the_ones_stored() {
    let conn = db::open_in_memory().unwrap();
    for (id, title) in catalogue::built_in::GOAL_TEMPLATES {
        let stored = templates::get(&conn, id).unwrap();
        assert_eq!((stored.title.as_str(), stored.built_in), (title, true));
    }
}
