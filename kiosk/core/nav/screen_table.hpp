// The one table of screens. Adding a screen is one row here and its file in screens/: the
// ScreenId, the route name (`--open`, scripts, the UI dump), who it is for, what its route
// carries, the function in screens/ that draws it, and the data it shows besides the content
// are all taken from the row.
#pragma once

// Audience:  Outside    no visit and no toolbar (attract, the keypad, the safe screen)
//            Resident   a resident's screen: toolbar and idle reset
//            Staff      behind a PIN, any team member
//            Technician behind a technician's PIN
// Parameter: Plain      "name"            Number "name:N" (skill 1..5)
//            PortalId, LessonId, QuizId   "name:ID", an id the content must know (checked for
//                       --open and deep links; a lesson id starts the player, a quiz id a
//                       quiz session, whatever screen the row is)
//            Internal   never opened by name (the kiosk goes there)
// Data:      the loader of what the screen reads from its Context (c.data<T>()) besides the
//            content: a member of the kiosk's services (kiosk/app/services.hpp), which
//            Services::attach gives the row's screen. The loaders:
//            noData         nothing besides the content
//            dashboardData  DashboardView: the statistics (queried on a worker) and the
//                           month's wrong PINs
//            healthData     HealthInfo: the technician's facts
//            A new screen showing data the kiosk already loads takes only its row and its
//            file; new data takes its loader too (services.hpp and .cpp).
//
//   X(id,          route name,     audience,   parameter, draw function, data loader)
#define TRAMSO_SCREENS(X)                                                                          \
    X(Attract, "attract", Outside, Plain, attract, noData)                                         \
    X(Home, "home", Resident, Plain, home, noData)                                                 \
    X(Skill, "skill", Resident, Number, skill, noData)                                             \
    X(Help, "help", Resident, Plain, help, noData)                                                 \
    X(Portals, "portals", Resident, Plain, portals, noData)                                        \
    X(Portal, "portal", Resident, PortalId, portal, noData)                                        \
    X(Tutorial, "tutorial", Resident, LessonId, tutorial, noData)                                  \
    X(Quiz, "quiz", Resident, QuizId, quiz, noData)                                                \
    X(StaffLogin, "staff", Outside, Plain, staffLogin, noData)                                     \
    X(StaffHome, "staff-home", Staff, Plain, staffHome, noData)                                    \
    X(StaffLaunch, "staff-launch", Staff, Plain, staffLaunch, noData)                              \
    X(Dashboard, "dashboard", Staff, Plain, dashboard, dashboardData)                              \
    X(QuizGroup, "quiz-group", Staff, QuizId, quizGroup, noData)                                   \
    X(Settings, "settings", Technician, Plain, settings, noData)                                   \
    X(Health, "health", Technician, Plain, health, healthData)                                     \
    X(Export, "export", Technician, Plain, exportScreen, noData)                                   \
    X(Packs, "packs", Technician, Plain, packs, noData)                                            \
    X(Safe, "safe", Outside, Internal, safe, noData)                                               \
    X(Setup, "setup", Outside, Plain, setup, noData)
