from gilint.cli import main

raise SystemExit(main())
