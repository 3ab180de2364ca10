from srm_xl.cli import main

main()
