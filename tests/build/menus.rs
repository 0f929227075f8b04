//! Menus, the footer's default links and the home page's buttons.
